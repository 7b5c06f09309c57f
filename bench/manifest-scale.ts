/**
 * The manifest at hostile scale (issue #19): a package whose manifest lists 1,000,000 `{}` stems
 * (3 MB of JSON, 33 KB deflated) beside a valid mix. Before the schema check went item by item it
 * never finished (20,000 such stems took 34 s, 30,000 overflowed the stack); the row holds it to
 * a bounded time and memory, and checks that the report stays small (at most 100 findings of a
 * code, the last carrying the count of the others).
 *
 * The package is generated once into the benchmark cache (outside the repository).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { encodeAudio, sampleDataRange, writeZipArchive } from '../src/conformance/encode.js';
import { MANIFEST_NAME, MIMETYPE, SPEC_VERSION } from '../src/model/manifest.js';

/** Stems of the row's manifest. */
export const SCALE_STEMS = 1_000_000;

/** What a bench row needs of a CLI run. */
export interface CliRun {
  seconds: number;
  rss: number | null;
  cpu: number | null;
  code: number;
  stdout: string;
}

/** The row, in bench/run.ts's shape. */
export interface ScaleRow {
  name: string;
  seconds: number;
  cpuSeconds?: number;
  rssMB: number | null;
  target: string;
  met: boolean;
  note: string;
}

/** Time and peak RSS the row allows (a 2-core machine shared with other work). */
const TARGET = { seconds: 15, rssMB: 400 } as const;

/** Write the package (once) and return its path. */
export async function ensureScalePackage(cache: string, stems = SCALE_STEMS): Promise<string> {
  const dir = join(cache, `manifest-${stems}`);
  const pkg = join(dir, `manifest-${stems}.stempack`);
  if (existsSync(join(dir, '.complete'))) return pkg;
  await mkdir(dir, { recursive: true });
  const frames = 4800;
  // integer sample codes (24-bit), a quiet sine
  const samples = new Float64Array(frames * 2).map((_, i) => Math.round(Math.sin(i / 20) * 2 ** 21));
  const mix = encodeAudio({ container: 'wav', sampleFormat: 'int', bitDepth: 24, sampleRate: 48000, channels: 2, samples });
  const r = sampleDataRange(mix)!;
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const manifest = {
    stempack: SPEC_VERSION,
    title: 'Scale',
    artist: 'Bench',
    versionName: 'v1',
    credits: [{ name: 'Bench', role: 'mixing' }],
    isrc: 'XXA012600001',
    created: '2026-01-01T00:00:00Z',
    generator: 'stempack bench',
    session: { sampleRate: 48000, bitDepth: 24 },
    timeline: { sampleRate: 48000, start: 0, length: frames },
    format: { container: 'wav', sampleFormat: 'int', bitDepth: 24, sampleRate: 48000 },
    mix: { id: 'mix', name: 'Mix', path: 'mix/mix.wav', channels: 2, layout: 'stereo', sha256: sha(mix), audioSha256: sha(mix.subarray(r.offset, r.offset + r.length)), bytes: mix.length, frames, peak: null },
    stems: Array.from({ length: stems }, () => ({})),
    mixBusProcessing: false,
  };
  const te = new TextEncoder();
  const bytes = writeZipArchive(
    [
      { name: 'mimetype', data: te.encode(MIMETYPE) },
      { name: MANIFEST_NAME, data: te.encode(JSON.stringify(manifest)), method: 8 },
      { name: 'mix/mix.wav', data: mix },
    ],
    { deflate: (d) => new Uint8Array(deflateRawSync(d, { level: 9 })) },
  );
  await writeFile(pkg, bytes);
  await writeFile(join(dir, '.complete'), new Date().toISOString());
  return pkg;
}

/** Validate the package `runs` times through the CLI (`run`): the median time, the last peak RSS, what the report held. */
export async function manifestScaleRow(cache: string, runs: number, run: (argv: string[]) => CliRun): Promise<ScaleRow> {
  const pkg = await ensureScalePackage(cache);
  const all: CliRun[] = [];
  for (let i = 0; i < runs; i++) all.push(run(['validate', pkg, '--json']));
  const times = all.map((x) => x.seconds).sort((a, b) => a - b);
  const seconds = times[Math.floor(times.length / 2)]!;
  const last = all.at(-1)!;
  const rssMB = last.rss === null ? null : Math.round(last.rss / 1e6);
  const report = JSON.parse(last.stdout) as { counts: { error: number }; findings: { code: string; params: { more?: number } }[] };
  const schema = report.findings.filter((f) => f.code === 'SP-MAN-002');
  const more = schema.reduce((n, f) => n + (f.params.more ?? 0), 0);
  const cpus = all.map((x) => x.cpu).filter((x): x is number => x !== null).sort((a, b) => a - b);
  return {
    name: `validate a ${SCALE_STEMS.toLocaleString('en')}-stem manifest ({} stems)`,
    seconds,
    ...(cpus.length > 0 ? { cpuSeconds: cpus[Math.floor(cpus.length / 2)]! } : {}),
    rssMB,
    target: `< ${TARGET.seconds} s, RSS < ${TARGET.rssMB} MB, report of <= 100 findings per code`,
    met: seconds < TARGET.seconds && (rssMB === null || rssMB < TARGET.rssMB) && schema.length <= 100,
    note: `package ${(await stat(pkg)).size} bytes; report ${last.stdout.length} bytes, ${report.findings.length} findings listed, ${schema.length} SP-MAN-002 (+${more} counted), ${report.counts.error} errors in all`,
  };
}
