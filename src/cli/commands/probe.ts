import type { Command } from 'commander';
import { probeAudio, formatProbe, type ProbeResult } from '../../audio/index.js';
import { openFileSource } from '../../io/index.js';
import { EXIT, printJson, UsageError } from '../util.js';

/** `stempack probe <file...>`: what the reader finds in each audio file. */
export function register(program: Command): void {
  program
    .command('probe')
    .description('Print what the reader finds in audio files: container, chunks with offsets, format, BWF and iXML fields, findings')
    .argument('<file...>', 'WAV, BWF, RF64/BW64, RIFX, AIFF or AIFF-C files')
    .option('--json', 'machine-readable output (an array, one object per file)')
    .addHelpText('after', '\nExit codes: 0 every file read cleanly, 1 a file has error-level findings, 2 a file could not be opened.')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const results: ProbeResult[] = [];
      for (const path of files) {
        let src;
        try {
          src = await openFileSource(path);
        } catch (e) {
          throw new UsageError(`cannot open ${path}: ${(e as Error).message}`);
        }
        try {
          results.push(await probeAudio(src));
        } finally {
          await src.close();
        }
      }
      if (opts.json) printJson(results);
      else process.stdout.write(results.map(formatProbe).join('\n') + '\n');
      const bad = results.some((r) => r.findings.some((f) => f.severity === 'error'));
      process.exitCode = bad ? EXIT.FINDINGS : EXIT.OK;
    });
}
