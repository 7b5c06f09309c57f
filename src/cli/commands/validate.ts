import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { validate, formatReport, formatIgnored } from '../../validate/index.js';
import type { Report, ValidationLevel } from '../../model/report.js';
import { EXIT, printJson, progressReporter, UsageError, useColor } from '../util.js';
import { openInput } from '../package-source.js';
import type { ByteSource } from '../../model/byte-source.js';

interface ValidateCliOptions {
  hashPackage?: boolean;
  html?: string;
  force?: boolean;
  level: string;
  profile?: string;
  json?: boolean;
  explain?: boolean;
  info?: boolean;
  mix?: string;
  jsonl?: boolean;
  resume?: string;
  jobs?: string;
  timeout?: string;
}

const LEVELS = ['structure', 'headers', 'full'];

/**
 * Write the self-contained visual report: waveform overviews (one more streaming pass over the
 * package's audio, only after a full validation) and the report, atomically.
 */
async function writeHtml(path: string, report: Report, src: ByteSource | null, force: boolean): Promise<void> {
  const { packageOverviews, writeHtmlReport } = await import('../../report/index.js');
  const { describeFinding } = await import('../../validate/index.js');
  const { openAtomicOutput } = await import('../../io/index.js');
  const ov = src ? await packageOverviews(src) : { overviews: null, manifest: null };
  const html = writeHtmlReport(report, ov.overviews, { describe: describeFinding, ...(ov.manifest ? { manifest: ov.manifest } : {}) });
  const out = await openAtomicOutput(path, { force });
  try {
    await out.sink.write(new TextEncoder().encode(html));
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}

/** `--timeout <seconds>` in ms: a positive number of seconds. */
function timeoutArg(t: string | undefined): number {
  const s = Number(t ?? 30);
  if (t?.trim() === '' || !Number.isFinite(s) || s <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got: ${t}`);
  return Math.round(s * 1000);
}

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

/** `stempack validate`: every rule of the spec, collected findings, a report; many packages as a batch. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('Validate a .stempack package (a file or an http(s) URL), a folder of loose stems and a mix before packing, or many packages (a batch)')
    .argument('<inputs...>', '.stempack file or URL, a folder of stems; several packages, a folder of packages or a glob for a batch')
    .option('--level <level>', 'structure | headers | full (cheapest first; full reads every sample)', 'full')
    .option('--profile <name|file>', 'built-in profile (default, mastering, remix) or a profile JSON file')
    .option('--mix <file>', 'folder mode: the mix file (default: found by name)')
    .option('--explain', 'run the null forensics even when the null passes')
    .option('--no-info', 'hide info-level findings in the text report')
    .option('--json', 'print the report as JSON (schema/report.schema.json)')
    .option('--hash-package', 'also compute the SHA-256 of the whole package file for the report (one more sequential read)')
    .option('--html <file>', 'also write the visual report (waveforms, findings, null residual) as one self-contained HTML file')
    .option('--force', 'overwrite the --html file if it exists')
    .option('--jsonl', 'batch: one JSON line per package, then a summary line (docs/batch.md)')
    .option('--resume <file.jsonl>', 'batch: skip packages this JSON Lines file already reports with the same package digest')
    .option('--jobs <n>', 'batch: packages validated at once (default: the number of cores)')
    .option('--timeout <seconds>', 'URLs: how long to wait for the server (its answer, or more of a body) before a request fails', '30')
    .addHelpText(
      'after',
      '\nA batch runs when several inputs are given, a folder holds .stempack files (and no audio), an input is a glob,' +
        '\nor --jsonl/--resume/--jobs is used. Package digest (for --resume): size, mtime and the SHA-256 of the stored manifest entry.' +
        '\nExit codes: 0 no error-level finding, 1 error-level findings, 2 usage or I/O error (a file that is not a package, such as a WAV; in a batch: any package that could not be read).',
    )
    .action(async (inputs: string[], o: ValidateCliOptions) => {
      if (!LEVELS.includes(o.level)) throw new UsageError(`--level must be one of ${LEVELS.join(', ')}`);
      const level = o.level as ValidationLevel;
      const profile = await profileArg(o.profile);
      const timeoutMs = timeoutArg(o.timeout);
      // only the input rules here: the batch runner (and the zip writer it loads) waits for a batch
      const batchLib = await import('../../batch/inputs.js');
      const only = inputs.length === 1 ? inputs[0]! : null;
      let batch = inputs.length > 1 || !!o.jsonl || o.resume !== undefined || o.jobs !== undefined || (only !== null && /[*?]/.test(only) && !batchLib.isUrl(only));
      if (!batch && only !== null && !batchLib.isUrl(only)) {
        const st = await stat(only).catch(() => null);
        if (st?.isDirectory() && (await batchLib.holdsPackages(only))) batch = true;
      }
      if (batch) {
        await runBatch(inputs, o, level, profile, timeoutMs);
        return;
      }
      const input = only!;
      let report: Report;
      const progress = progressReporter('validate');
      if (batchLib.isUrl(input)) {
        const { HttpSource, HttpSourceError } = await import('../../io/http-source.js');
        // what the server did (an error status, a short or endless body, a stall, a redirect
        // loop, a file that changed) is an I/O error: its message, exit 2
        const ioError = (e: unknown): unknown => (e instanceof HttpSourceError ? new UsageError(e.message) : e);
        let src: ByteSource;
        try {
          src = await HttpSource.open(input, { timeoutMs });
        } catch (e) {
          throw e instanceof HttpSourceError ? ioError(e) : new UsageError(`cannot open ${input}: ${(e as Error).message}`);
        }
        try {
          const name = decodeURIComponent(new URL(input).pathname.split('/').pop() || input);
          report = await validate(
            { source: src, name },
            { level, ...(profile ? { profile } : {}), ...(o.explain ? { explain: true } : {}), ...(o.html ? { measure: 'all' as const } : {}), ...(o.hashPackage ? { hashPackage: true } : {}), onProgress: (d, t) => progress(d, t) },
          );
          if (o.html) await writeHtml(o.html, report, level === 'full' ? src : null, o.force ?? false);
        } catch (e) {
          throw ioError(e);
        } finally {
          progress.end();
        }
      } else {
        let st;
        try {
          st = await stat(input);
        } catch (e) {
          throw new UsageError(`cannot open ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        if (st.isDirectory()) {
          const folder = await import('../../validate/folder.js').catch(() => null);
          if (!folder) throw new UsageError('validating a folder is not available in this build');
          report = await folder.validateFolder(input, { level, ...(profile ? { profile } : {}), ...(o.mix ? { mix: o.mix } : {}), ...(o.html ? { measure: 'all' as const } : {}) });
          if (o.html) await writeHtml(o.html, report, null, o.force ?? false);
        } else {
          const src = await openInput(input);
          try {
            // a WAV, an MP3 or a session given by mistake: say what it is and what to run instead
            const wrong = await (await import('../not-a-package.js')).notAPackage(src, input);
            if (wrong !== null) throw new UsageError(wrong);
            report = await validate(
              { source: src, name: basename(input) },
              { level, ...(profile ? { profile } : {}), ...(o.explain ? { explain: true } : {}), ...(o.html ? { measure: 'all' as const } : {}), ...(o.hashPackage ? { hashPackage: true } : {}), onProgress: (d, t) => progress(d, t) },
            );
            if (o.html) await writeHtml(o.html, report, level === 'full' ? src : null, o.force ?? false);
          } finally {
            progress.end();
            await src.close();
          }
        }
      }
      if (o.json) printJson(report);
      else {
        const color = useColor(process.stdout);
        process.stdout.write(formatReport(report, { color, info: o.info !== false }) + formatIgnored(report, { color }) + '\n');
      }
      process.exitCode = report.valid ? EXIT.OK : EXIT.FINDINGS;
    });
}

/** Many packages: one line each (JSON with --jsonl or --json, else text), then the summary. */
async function runBatch(inputs: string[], o: ValidateCliOptions, level: ValidationLevel, profile: string | undefined, timeoutMs: number): Promise<void> {
  const b = await import('../../batch/index.js');
  let paths: string[];
  try {
    paths = await b.expandInputs(inputs);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(err.path !== undefined ? `cannot open ${err.path}: ${err.code ?? err.message}` : err.message);
  }
  let jobs: number | undefined;
  if (o.jobs !== undefined) {
    jobs = Number(o.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a whole number of at least 1');
  }
  const skip = o.resume !== undefined ? await b.readResumeDigests(o.resume) : new Set<string>();
  const json = !!o.jsonl || !!o.json;
  const summary = await b.validateBatch(paths, {
    level,
    ...(profile !== undefined ? { profile } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    timeoutMs,
    skip,
    onLine: (l) => {
      if (json) process.stdout.write(JSON.stringify(l) + '\n');
      else {
        const what = l.error !== undefined ? `FAILED  ${l.path}: ${l.error}` : `${l.valid ? 'VALID  ' : 'INVALID'} ${l.path}`;
        const codes = Object.entries(l.codes)
          .map(([c, n]) => (n > 1 ? `${c}x${n}` : c))
          .join(' ');
        process.stdout.write(`${what}  (${l.counts.error} errors, ${l.counts.warning} warnings${codes ? `: ${codes}` : ''}) ${l.seconds.toFixed(1)} s\n`);
      }
    },
  });
  if (json) process.stdout.write(JSON.stringify(summary) + '\n');
  else
    process.stdout.write(
      `${summary.packages} packages: ${summary.valid} valid, ${summary.invalid} invalid, ${summary.failed} failed, ${summary.skipped} skipped (resume); ${summary.seconds.toFixed(1)} s\n`,
    );
  process.exitCode = summary.failed > 0 ? 2 : summary.invalid > 0 ? EXIT.FINDINGS : EXIT.OK;
}
