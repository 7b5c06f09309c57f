/**
 * `npm run demo`: generates a short song with the project's own writer (drums, bass, keys and a
 * lead line at 24-bit/48 kHz, the mix their exact sum), packs it, validates it, renders the
 * instrumental, and null-tests it, running the real `stempack` CLI for each step.
 * Everything goes to a fresh folder under the system temp dir (or the folder given as argument).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSong } from './song.js';
import { DEMO_PARTS } from './synth.js';

const here = import.meta.dirname;
// the package's command (package.json `bin`): the bundle `npm run build` writes to dist/cli/
const cli = resolve(here, '../cli/stempack.js');

function step(title: string, args: string[]): number {
  process.stdout.write(`\n== ${title}\n$ stempack ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  process.stdout.write(`(exit ${r.status})\n`);
  return r.status ?? 70;
}

async function main(): Promise<void> {
  const base = process.argv[2] ? resolve(process.argv[2]) : mkdtempSync(join(tmpdir(), 'stempack-demo-'));
  const exports = join(base, 'exports');
  rmSync(exports, { recursive: true, force: true });
  process.stdout.write(`== Generating a 12-second demo song (4 stereo stems + mix, 24-bit/48 kHz BWF) in ${exports}\n`);
  const song = await writeSong({ dir: exports, parts: DEMO_PARTS, seconds: 12, sampleRate: 48000, bits: 24, prefix: 'SP_DemoSong_Mix1', timeReference: 48000 * 3600, force: true });
  for (const s of [...song.stems.map((x) => x.path), song.mix]) process.stdout.write(`  ${s}\n`);

  const pkg = join(base, 'DemoSong.stempack');
  const codes = [
    step('Pack the exports (roles inferred from the file names, mix found by name)', ['pack', exports, '-o', pkg, '--title', 'Demo Song', '--artist', 'Stempack Examples', '--version-name', 'Main Mix v1', '--credit', 'Demo Mixer=mix engineer', '--isrc', 'XXA012600001', '--created', '2026-01-01T00:00:00Z', '--force']),
    step('Validate it (every level, default profile)', ['validate', pkg]),
    step('What is inside', ['inspect', pkg]),
    step('Render the instrumental', ['render', pkg, '--version', 'instrumental', '-o', join(base, 'DemoSong_Instrumental.wav'), '--force']),
    step('Null test', ['null', pkg]),
  ];
  process.stdout.write(`\nDemo files are in ${base}\n`);
  if (codes.some((c) => c !== 0)) {
    process.stdout.write(`A step failed (exit codes ${codes.join(', ')}).\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
