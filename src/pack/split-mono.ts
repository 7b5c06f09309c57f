/**
 * Detecting split-mono stereo pairs by name (`Name.L.wav`/`Name.R.wav` as Pro Tools writes
 * them, `Name_L`, `Name-L`, `Name L`, `Name.Left`...). Pure functions.
 * @module
 */
import { baseName, splitExtension } from '../names/tokens.js';

/** A left/right pair of mono files to join into one interleaved stereo file. */
export interface SplitMonoPair {
  left: string;
  right: string;
  /** The joined file's name: the shared base plus the extension (`Vox.L.wav` → `Vox.wav`). */
  joinedName: string;
  /** The separator and side words that matched, e.g. `.L/.R`. */
  style: string;
}

const SIDE = /^(.*)[._ -](L|R|Left|Right)$/i;

function side(name: string): { base: string; side: 'L' | 'R'; word: string; sep: string; ext: string } | null {
  const [stem, ext] = splitExtension(baseName(name));
  const m = SIDE.exec(stem);
  if (!m || m[1]!.length === 0) return null;
  const word = m[2]!;
  return { base: m[1]!, side: word[0]!.toUpperCase() === 'L' ? 'L' : 'R', word, sep: stem[m[1]!.length]!, ext };
}

/**
 * Find left/right pairs among file names (paths allowed), by the rule a validator uses for
 * SP-CH-002 (spec §6.5): two names whose base names without extension are the same text
 * followed by `.`, `_`, `-` or a space and then `L` and `R` (or `Left` and `Right`), compared
 * case-insensitively, wherever they lie (a package stores every stem in one folder) and
 * whatever their separators or extensions. Each name is used once; names are tried in sorted
 * order. A side without its partner is not a pair. Returned in the order of the left names.
 */
export function findSplitMonoPairs(names: string[]): SplitMonoPair[] {
  const sorted = [...names].sort();
  const rights = new Map<string, string[]>();
  for (const n of sorted) {
    const s = side(n);
    if (!s || s.side !== 'R') continue;
    const key = s.base.toLowerCase();
    const l = rights.get(key) ?? [];
    l.push(n);
    rights.set(key, l);
  }
  const out: SplitMonoPair[] = [];
  for (const left of sorted) {
    const l = side(left);
    if (!l || l.side !== 'L') continue;
    const right = rights.get(l.base.toLowerCase())?.shift();
    if (right === undefined) continue;
    const r = side(right)!;
    out.push({ left, right, joinedName: `${l.base}${l.ext}`, style: `${l.sep}${l.word}/${r.sep}${r.word}` });
  }
  return out;
}
