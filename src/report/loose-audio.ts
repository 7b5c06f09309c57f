/**
 * Open loose audio files (a folder before packing) for the overview pass and region playback:
 * the header of every file, in the order given (the validator's: mix first, then the stems by
 * name). Bounded reads only; files without a readable header are left out (the validator says why).
 * @module
 */
import type { ByteSource } from '../model/byte-source.js';
import { readAudioHeader } from '../audio/read/header.js';
import type { PackageAudio } from './package-audio.js';
import type { OverviewInput } from './overview.js';

/** Read the headers of loose files; the result has no manifest, stems at 0 dB gain. */
export async function openLooseAudio(files: readonly { path: string; src: ByteSource; isMix: boolean }[]): Promise<PackageAudio> {
  const out: OverviewInput[] = [];
  for (const f of files) {
    const header = await readAudioHeader(f.src).then((r) => r.header, () => null);
    if (!header) continue;
    out.push({ path: f.path, src: f.src, header, isMix: f.isMix, gainDb: 0, name: f.path, role: f.isMix ? 'mix' : 'audio' });
  }
  return { manifest: null, files: out };
}
