import type { ByteSource } from '../model/byte-source.js';
import type { Manifest } from '../model/manifest.js';
import { computeOverviews, type OverviewOptions, type Overviews } from './overview.js';
import { openPackageAudio } from './package-audio.js';

/**
 * Overviews of a `.stempack` package in one call (what `stempack validate --html` needs next to
 * the report): opens the package's audio and runs {@link computeOverviews}.
 */
export async function packageOverviews(src: ByteSource, opts: OverviewOptions = {}): Promise<{ overviews: Overviews; manifest: Manifest | null }> {
  const pkg = await openPackageAudio(src);
  return { overviews: await computeOverviews(pkg.files, opts), manifest: pkg.manifest };
}
