/**
 * Finding the reference mix among a folder's audio files by name. Pure functions.
 * @module
 */
import { inferRole } from './roles.js';
import { tokenize } from './tokens.js';

/** The outcome of looking for the mix among file names. */
export interface MixSearch {
  /** The one file that looks like the mix, or null (none, or several: ask for `--mix`). */
  mix: string | null;
  /** Every name that looked like a mix. */
  candidates: string[];
  reason: string;
}

const MIX_WORDS = new Set(['mix', 'master', 'mastered', 'premaster', 'full', 'main', 'mixdown', 'stereomix', 'twomix', '2mix', 'bounce', 'reference', 'ref']);
const STEM_WORDS = new Set(['stem', 'stems']);

/** The mix word a name carries, or null. "Stereo Mix", "2mix", "Full Mix", "Master", "Main". */
function mixWord(name: string): string | null {
  const t = tokenize(name);
  if (t.some((w) => STEM_WORDS.has(w))) return null;
  const w = t.find((x) => MIX_WORDS.has(x));
  return w ?? null;
}

/**
 * Pick the mix from a list of file names: a name with a mix word (mix, master, full, main,
 * 2mix, stereo mix, mixdown, bounce...) and no instrument role word ("Drum Mix" is a stem).
 * When exactly one name qualifies it is the mix; otherwise `mix` is null and `candidates`
 * lists what qualified, so the caller can ask for `--mix`.
 */
export function findMix(names: string[]): MixSearch {
  const candidates: string[] = [];
  const words: string[] = [];
  for (const n of names) {
    const w = mixWord(n);
    if (w === null) continue;
    const r = inferRole(n);
    if (r.candidates.length > 0) continue; // an instrument word: a sub-mix stem, not the mix
    candidates.push(n);
    words.push(w);
  }
  if (candidates.length === 1) {
    return { mix: candidates[0]!, candidates, reason: `the only file named like a mix ("${words[0]}")` };
  }
  if (candidates.length === 0) {
    return { mix: null, candidates, reason: 'no file is named like a mix (mix, master, full, main, 2mix...): name it with --mix' };
  }
  return { mix: null, candidates, reason: `several files are named like a mix (${candidates.join(', ')}): choose one with --mix` };
}
