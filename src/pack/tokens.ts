/**
 * File-name tokenising shared by role inference, mix detection and split-mono detection.
 * Pure functions, no I/O.
 * @module
 */

/** The base name of a path (after the last `/` or `\`). */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/**
 * Split a file name into its stem and extension: `"Bass.L.wav"` → `["Bass.L", ".wav"]`.
 * Only a short alphanumeric last suffix counts as an extension.
 */
export function splitExtension(name: string): [string, string] {
  const m = /^(.+?)(\.[A-Za-z0-9]{1,5})$/.exec(name);
  return m ? [m[1]!, m[2]!] : [name, ''];
}

/**
 * Tokenise a file name for matching: drop the directory and extension, split on
 * separators (`_ - . space & + ( ) [ ] ,`), camelCase boundaries (`LeadVox` → lead, vox;
 * `BGVox` → bg, vox; not before a plural s: `BGVs` → bgvs) and letter/digit boundaries (`Gtr2` → gtr, 2). Lowercase.
 */
export function tokenize(name: string): string[] {
  const [stem] = splitExtension(baseName(name));
  const spaced = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z](?!s(?![a-z]))[a-z])/g, '$1 $2') // BGVox → BG Vox, but BGVs stays (a plural)
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}
