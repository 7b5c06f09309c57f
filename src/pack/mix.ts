/**
 * Finding the reference mix among a folder's audio files by name. Pure functions.
 * @module
 */
import { inferRole, nameWords } from './roles.js';
import { nameParts } from './ids.js';

/** The outcome of looking for the mix among file names. */
export interface MixSearch {
  /** The one file that looks like the mix, or null (none, or several: ask for `--mix`). */
  mix: string | null;
  /** Every name that looked like a mix. */
  candidates: string[];
  reason: string;
}

/** Words that name the mix. */
const MIX_WORDS = new Set(['mix', 'master', 'mastered', 'premaster', 'mixdown', 'stereomix', 'twomix', '2mix']);
/** Words that name the mix only when no name has a word of {@link MIX_WORDS} (a Logic bounce is any export). */
const WEAK_MIX_WORDS = new Set(['full', 'main', 'bounce', 'reference', 'ref']);
const STEM_WORDS = new Set(['stem', 'stems', 'submix', 'submixes']);

/** The mix word a name carries and whether it is a firm one, or null. "Stereo Mix", "2mix", "Full Mix", "Master", "Main". */
function mixWord(name: string): { word: string; firm: boolean } | null {
  const t = nameWords(name).words;
  if (t.some((w) => STEM_WORDS.has(w))) return null;
  const firm = t.find((x) => MIX_WORDS.has(x));
  if (firm !== undefined) return { word: firm, firm: true };
  const weak = t.find((x) => WEAK_MIX_WORDS.has(x));
  return weak !== undefined ? { word: weak, firm: false } : null;
}

/**
 * Pick the mix from a list of file names: a name with a mix word (mix, master, mixdown, 2mix,
 * stereo mix...) and no instrument role word ("Drum Mix" and "Mix Bus FX" are stems). Names are
 * read by their distinctive part: words every name shares (an artist/title prefix, a `48k24`
 * suffix) are set aside, so `KOR_BassLine_AL3_Mix_48k24.wav` is the mix. Weaker words (full, main,
 * bounce, ref) count only when no name has a firm one. When exactly one name qualifies it is the
 * mix; otherwise `mix` is null and `candidates` lists what qualified, so the caller can ask for
 * `--mix`.
 */
export function findMix(names: string[]): MixSearch {
  const parts = nameParts(names);
  const found: { name: string; word: string; firm: boolean }[] = [];
  names.forEach((n, i) => {
    const own = parts[i]!.distinct;
    const w = mixWord(own);
    if (w === null) return;
    if (inferRole(own).candidates.length > 0) return; // an instrument word: a sub-mix stem, not the mix
    found.push({ name: n, ...w });
  });
  const best = found.some((f) => f.firm) ? found.filter((f) => f.firm) : found;
  const candidates = best.map((f) => f.name);
  if (candidates.length === 1) {
    return { mix: candidates[0]!, candidates, reason: `the only file named like a mix ("${best[0]!.word}")` };
  }
  if (candidates.length === 0) {
    return { mix: null, candidates, reason: 'no file is named like a mix (mix, master, full, main, 2mix...): name it with --mix' };
  }
  return { mix: null, candidates, reason: `several files are named like a mix (${candidates.join(', ')}): choose one with --mix` };
}
