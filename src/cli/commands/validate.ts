import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { validate, formatReport } from '../../validate/index.js';
import type { Report, ValidationLevel } from '../../model/report.js';
import { EXIT, printJson, progressReporter, UsageError, useColor } from '../util.js';
import { openInput } from '../package-source.js';

interface ValidateCliOptions {
  level: string;
  profile?: string;
  json?: boolean;
  explain?: boolean;
  info?: boolean;
  mix?: string;
}

const LEVELS = ['structure', 'headers', 'full'];

/** Read a profile argument: a built-in name or a JSON file path. */
async function profileArg(p: string | undefined): Promise<string | undefined> {
  if (p === undefined || !/[./\\]/.test(p)) return p;
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(p, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read profile ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** `stempack validate`: every rule of the spec, collected findings, a report. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('Validate a .stempack package (or a folder of loose stems and a mix before packing)')
    .argument('<package>', '.stempack file, or a folder of stems')
    .option('--level <level>', 'structure | headers | full (cheapest first; full reads every sample)', 'full')
    .option('--profile <name|file>', 'built-in profile (default, mastering, remix) or a profile JSON file')
    .option('--mix <file>', 'folder mode: the mix file (default: found by name)')
    .option('--explain', 'run the null forensics even when the null passes')
    .option('--no-info', 'hide info-level findings in the text report')
    .option('--json', 'print the report as JSON (schema/report.schema.json)')
    .addHelpText('after', '\nExit codes: 0 no error-level finding, 1 error-level findings, 2 usage or I/O error.')
    .action(async (input: string, o: ValidateCliOptions) => {
      if (!LEVELS.includes(o.level)) throw new UsageError(`--level must be one of ${LEVELS.join(', ')}`);
      const level = o.level as ValidationLevel;
      const profile = await profileArg(o.profile);
      let st;
      try {
        st = await stat(input);
      } catch (e) {
        throw new UsageError(`cannot open ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      let report: Report;
      const progress = progressReporter('validate');
      if (st.isDirectory()) {
        const folder = await import('../../validate/folder.js').catch(() => null);
        if (!folder) throw new UsageError('validating a folder is not available in this build');
        report = await folder.validateFolder(input, { level, ...(profile ? { profile } : {}), ...(o.mix ? { mix: o.mix } : {}) });
      } else {
        const src = await openInput(input);
        try {
          report = await validate(
            { source: src, name: basename(input) },
            { level, ...(profile ? { profile } : {}), ...(o.explain ? { explain: true } : {}), onProgress: (d, t) => progress(d, t) },
          );
        } finally {
          progress.end();
          await src.close();
        }
      }
      if (o.json) printJson(report);
      else process.stdout.write(formatReport(report, { color: useColor(process.stdout), info: o.info !== false }) + '\n');
      process.exitCode = report.valid ? EXIT.OK : EXIT.FINDINGS;
    });
}
