import type { Command } from 'commander';
import { openPackage } from '../../package/open.js';
import { formatInspect } from '../../validate/index.js';
import { formatFindingLine } from '../format.js';
import { EXIT, painter, printJson, useColor } from '../util.js';
import { openInput } from '../package-source.js';

/** `stempack inspect`: the manifest as a table, without reading samples. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description('Print the manifest of a package as a table (stems, roles, formats, lengths, peaks) without validating samples')
    .argument('<package>', '.stempack file')
    .option('--json', 'print the manifest JSON')
    .addHelpText('after', '\nExit codes: 0 manifest readable, 1 no usable manifest, 2 usage or I/O error.')
    .action(async (path: string, o: { json?: boolean }) => {
      const src = await openInput(path);
      try {
        const pkg = await openPackage(src);
        if (!pkg.manifest) {
          const paint = painter(useColor(process.stderr));
          for (const f of pkg.findings) process.stderr.write(formatFindingLine(f, paint) + '\n');
          process.exitCode = EXIT.FINDINGS;
          return;
        }
        if (o.json) printJson(pkg.manifest);
        else process.stdout.write(formatInspect(pkg.manifest) + '\n');
      } finally {
        await src.close();
      }
    });
}
