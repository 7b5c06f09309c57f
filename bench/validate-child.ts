/**
 * A `validate --level full` process for the benchmark (bench/run.ts spawns it): what the CLI does
 * for one package file (open it, validate it, print the report as JSON), with the library's
 * `nullSum` option, which the command line does not offer. Both sides of the "null-sum on vs off"
 * comparison run through this one driver, so the difference is the null-sum alone.
 *
 *   node dist/bench/validate-child.js <package.stempack> [--no-null-sum]
 *
 * Prints the report's JSON on stdout and `stempack-max-rss <bytes>` on stderr (as the CLI does
 * with STEMPACK_REPORT_RSS). Exit code 0 valid, 1 findings at error level.
 */
import { basename } from 'node:path';
import { validate } from '../src/validate/index.js';
import { openFileSource } from '../src/io/index.js';

async function main(): Promise<number> {
  const path = process.argv[2];
  if (!path) throw new Error('usage: validate-child <package> [--no-null-sum]');
  const nullSum = !process.argv.includes('--no-null-sum');
  const src = await openFileSource(path);
  try {
    const report = await validate({ source: src, name: basename(path) }, { level: 'full', nullSum });
    process.stdout.write(JSON.stringify(report) + '\n');
    return report.valid ? 0 : 1;
  } finally {
    await src.close();
  }
}

process.on('exit', () => process.stderr.write(`\nstempack-max-rss ${process.resourceUsage().maxRSS * 1024}\n`));
main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`validate-child: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
