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
