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

/** Each name cut in three: the run of whole tokens every name starts with, the rest, and the run every name ends with. */
export interface NameParts {
  prefix: string;
  distinct: string;
  suffix: string;
}

/**
 * Cut every name into the part all names share at the start, the distinctive part and the part all
 * share at the end. Tokens are split on `_`, `-`, `.` and spaces and compared case-insensitively;
 * the extension is dropped. Every distinctive part keeps at least one token and at least one
 * letter (`Audio 1`, `Audio 2` stay whole rather than becoming `1` and `2`). With fewer than two
 * names nothing is shared.
 */
export function nameParts(names: string[]): NameParts[] {
  const split = names.map((n) => splitExtension(baseName(n))[0].split(/([_\-. ]+)/));
  const whole = (): NameParts[] => split.map((parts) => ({ prefix: '', distinct: parts.join(''), suffix: '' }));
  if (names.length < 2) return whole();
  const tokens = split.map((parts) => parts.filter((_, i) => i % 2 === 0));
  const shortest = Math.min(...tokens.map((t) => t.length));
  let pre = 0;
  while (pre < shortest - 1 && tokens.every((t) => t[pre]!.toLowerCase() === tokens[0]![pre]!.toLowerCase())) pre++;
  let suf = 0;
  while (suf < shortest - 1 - pre && tokens.every((t) => t[t.length - 1 - suf]!.toLowerCase() === tokens[0]![tokens[0]!.length - 1 - suf]!.toLowerCase())) suf++;
  const cut = (): NameParts[] =>
    split.map((parts) => ({
      prefix: parts.slice(0, pre * 2).join(''),
      distinct: parts.slice(pre * 2, parts.length - suf * 2).join(''),
      suffix: parts.slice(parts.length - suf * 2).join(''),
    }));
  let out = cut();
  // a distinctive part without a letter ("1", "02") says nothing: give back shared tokens
  while ((pre > 0 || suf > 0) && out.some((p) => !/[A-Za-z]/.test(p.distinct))) {
    if (pre > 0) pre--;
    else suf--;
    out = cut();
  }
  return out.some((p) => p.distinct === '') ? whole() : out;
}

/**
 * The distinctive part of each name: the longest run of whole tokens (split on `_`, `-`, `.` and
 * spaces) that every name starts with, and the one every name ends with, are dropped, so
 * `AB_Song_CD1_Bass_48k24.wav` and `AB_Song_CD1_Keys_48k24.wav` become `Bass` and `Keys` (delivery
 * naming conventions put artist, title, mixer and format in every file name). Names are kept whole
 * when fewer than two are given or when stripping would leave one empty; see {@link nameParts}.
 */
export function distinctiveNames(names: string[]): string[] {
  if (names.length < 2) return names;
  const parts = nameParts(names);
  if (parts.every((p) => p.prefix === '' && p.suffix === '')) return names;
  return parts.map((p) => p.distinct);
}

/** Export tags that say nothing about the stem, removed from ids: a track number in front, a bounce or print mark, a take number, a sample rate and bit depth at the end. */
const ID_TAGS: RegExp[] = [
  /^(?:\d{1,2}|0\d{2})(?:[ _.-]+|(?=[A-Za-z]))/, // 01_Kick, 1-Kick, 03 Bass, 001 Kick (not 808 Bass)
  /[ _.-]*\(\s*(?:bounce|bnc|print(?:ed)?)(?:[ _-]*\d+)?\s*\)$/i, // (Bounce 1)
  /[ _.-]+(?:bounce|bnc|print(?:ed)?)(?:[ _-]*\d+)?$/i, // _bounce, _print, -printed
  /[ _.-]*\d{2}(?:[.,]\d)?\s*k(?:hz)?[ _-]?\d{2}(?:\s*bits?|b)?$/i, // 48k24, 44.1k_16bit, 96kHz24
  /[ _.-]+(?:\d{2}(?:[.,]\d)?\s*khz|\d{2}\s*bits?)$/i, // _48kHz, _24bit
  /_\d{2}$/, // Audio 1_01 (a Pro Tools region or take number)
];

function withoutTags(name: string): string {
  let s = name;
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of ID_TAGS) {
      const t = s.replace(re, '');
      if (t !== s && /[A-Za-z]/.test(t)) {
        s = t;
        changed = true;
      }
    }
  }
  return s;
}

/**
 * The names stem ids are made from (file names, as {@link uniqueIds} takes them): the distinctive
 * part of each name ({@link nameParts}) without export tags, so `01_Kick_bounce_48k24.wav` gives
 * `Kick.wav`. A name whose cleaned form another name shares keeps its distinctive part, so
 * `Gtr_01` and `Gtr_02` stay apart.
 */
export function idNames(names: string[]): string[] {
  const distinct = nameParts(names).map((p) => p.distinct);
  const cleaned = distinct.map(withoutTags);
  const key = (s: string): string => slugify(`${s}.x`);
  const count = new Map<string, number>();
  for (const c of cleaned) count.set(key(c), (count.get(key(c)) ?? 0) + 1);
  return cleaned.map((c, i) => `${count.get(key(c))! > 1 ? distinct[i]! : c}${splitExtension(baseName(names[i]!))[1]}`);
}
