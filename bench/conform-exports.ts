/**
 * The conform variant of a benchmark song (issue 17: "conform-and-pack of the 10-stem 24/96
 * 5-minute set with every stem needing a pad"): the same exports, except that every stem ends
 * early, stem i by (i + 1) x 50 ms (scripts/shorten.ts); the mix lacks what the cut tails held,
 * so the conformed set (every stem padded with silence) still nulls exactly.
 */
import { writeShortenedExports } from '../scripts/shorten.js';

/** How much shorter stem i (in name order) is, in seconds. */
export const CUT_SECONDS = (i: number): number => (i + 1) * 0.05;

/** Write `dst` as the exports in `src` with every stem's tail cut and the mix without those tails. */
export async function writeConformExports(src: string, dst: string): Promise<void> {
  await writeShortenedExports(src, dst, (_name, i) => CUT_SECONDS(i));
}
