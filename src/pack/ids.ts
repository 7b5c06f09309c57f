/**
 * Stem ids: slugs of file base names matching the manifest id pattern
 * `^[a-z0-9][a-z0-9._-]{0,63}$`, unique within a package. Pure functions.
 * @module
 */
import { baseName, splitExtension } from './tokens.js';

/** Slug of a file name: lowercase ASCII `a-z 0-9 . _ -`, accents dropped, other runs become `-`. */
export function slugify(name: string): string {
  const [stem] = splitExtension(baseName(name));
  const s = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/[._-]+$/, '')
    .slice(0, 56)
    .replace(/[._-]+$/, '');
  return s.length > 0 ? s : 'stem';
}

/**
 * Unique ids for a list of names, in order: the slug, then `slug-2`, `slug-3`... for repeats.
 * `taken` holds ids already used (e.g. the mix's).
 */
export function uniqueIds(names: string[], taken: Iterable<string> = []): string[] {
  const used = new Set(taken);
  return names.map((n) => {
    const base = slugify(n);
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    return id;
  });
}

/**
 * The distinctive part of each name: the longest run of whole tokens (split on `_`, `-`, `.` and
 * spaces) that every name starts with, and the one every name ends with, are dropped, so
 * `AB_Song_CD1_Bass_48k24.wav` and `AB_Song_CD1_Keys_48k24.wav` become `Bass` and `Keys` (delivery
 * naming conventions put artist, title, mixer and format in every file name). Names are kept whole
 * when fewer than two are given or when stripping would leave one empty.
 */
export function distinctiveNames(names: string[]): string[] {
  if (names.length < 2) return names;
  const split = names.map((n) => splitExtension(baseName(n))[0].split(/([_\-. ]+)/));
  const tokens = split.map((parts) => parts.filter((_, i) => i % 2 === 0));
  const shortest = Math.min(...tokens.map((t) => t.length));
  let pre = 0;
  while (pre < shortest - 1 && tokens.every((t) => t[pre]!.toLowerCase() === tokens[0]![pre]!.toLowerCase())) pre++;
  let suf = 0;
  while (suf < shortest - 1 - pre && tokens.every((t) => t[t.length - 1 - suf]!.toLowerCase() === tokens[0]![tokens[0]!.length - 1 - suf]!.toLowerCase())) suf++;
  if (pre === 0 && suf === 0) return names;
  return split.map((parts) => {
    const keep = parts.slice(pre * 2, parts.length - suf * 2);
    const out = keep.join('');
    return out.length > 0 ? out : parts.join('');
  });
}
