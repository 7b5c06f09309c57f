/**
 * Detecting split-mono stereo pairs by name (`Name.L.wav`/`Name.R.wav` as Pro Tools writes
 * them, `Name_L`, `Name-L`, `Name L`, `Name.Left`...). Pure functions.
 * @module
 */
import { baseName, splitExtension } from './tokens.js';

/** A left/right pair of mono files to join into one interleaved stereo file. */
export interface SplitMonoPair {
  left: string;
  right: string;
  /** The joined file's name: the shared base plus the extension (`Vox.L.wav` → `Vox.wav`). */
  joinedName: string;
  /** The separator and side words that matched, e.g. `.L/.R`. */
  style: string;
}

const SIDE = /^(.*\S)([._\- ])(L|R|Left|Right|LEFT|RIGHT|left|right|l|r)$/;

function side(name: string): { base: string; sep: string; side: 'L' | 'R'; word: string; ext: string } | null {
  const [stem, ext] = splitExtension(baseName(name));
  const m = SIDE.exec(stem);
  if (!m) return null;
  const word = m[3]!;
  return { base: m[1]!, sep: m[2]!, side: word[0]!.toUpperCase() === 'L' ? 'L' : 'R', word, ext };
}

/**
 * Find left/right pairs among file names (paths allowed; pairs must share a directory, base,
 * separator, side-word style and extension). A side file without its partner is not a pair.
 * Returned in the order of the left names.
 */
export function findSplitMonoPairs(names: string[]): SplitMonoPair[] {
  const lefts = new Map<string, string>();
  const rights = new Map<string, string>();
  for (const n of names) {
    const s = side(n);
    if (!s) continue;
    const dir = n.slice(0, n.length - baseName(n).length);
    const style = s.word.length === 1 ? (s.word === s.word.toUpperCase() ? 'U1' : 'l1') : s.word === s.word.toUpperCase() ? 'UW' : s.word === s.word.toLowerCase() ? 'lw' : 'Cw';
    const key = `${dir}\u0000${s.base}\u0000${s.sep}\u0000${style}\u0000${s.ext.toLowerCase()}`;
    (s.side === 'L' ? lefts : rights).set(key, n);
  }
  const out: SplitMonoPair[] = [];
  for (const [key, left] of lefts) {
    const right = rights.get(key);
    if (right === undefined) continue;
    const l = side(left)!;
    const r = side(right)!;
    out.push({ left, right, joinedName: `${l.base}${l.ext}`, style: `${l.sep}${l.word}/${r.sep}${r.word}` });
  }
  return out.sort((a, b) => (a.left < b.left ? -1 : a.left > b.left ? 1 : 0));
}
