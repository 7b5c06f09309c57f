import type { Command } from 'commander';
import { basename } from 'node:path';
import { validate } from '../../validate/index.js';
import { openAtomicOutput } from '../../io/index.js';
import { openPackage } from '../../package/open.js';
import { availableVersions } from '../../manifest/index.js';
import { renderPackage } from '../../render/index.js';
import { formatTime } from '../../model/units.js';
import { formatFindingLine } from '../format.js';
import { EXIT, painter, printJson, progressReporter, useColor } from '../util.js';
import { openInput } from '../package-source.js';

/** `stempack null`: the null-sum, its failing ranges, the forensics, and the residual to listen to. */
export function register(program: Command): void {
  program
    .command('null')
    .description('Null-test the stems against the mix: residual level, where it fails, and why (forensics)')
    .argument('<package>', '.stempack file')
    .option('--residual <file>', 'write the residual (mix minus the sum of the stems) as a 32-bit float WAV')
    .option('--profile <name>', 'profile whose null tolerance applies')
    .option('--force', 'overwrite the residual file')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit codes: 0 the null passes (or mix-bus processing is declared), 1 it fails, 2 usage or I/O error.')
    .action(async (path: string, o: { residual?: string; profile?: string; force?: boolean; json?: boolean }) => {
      const src = await openInput(path);
      try {
        const progress = progressReporter('null');
        const report = await validate({ source: src, name: basename(path) }, { level: 'full', explain: true, ...(o.profile ? { profile: o.profile } : {}), onProgress: (d, t) => progress(d, t) });
        progress.end();
        const nullFindings = report.findings.filter((f) => f.code.startsWith('SP-NULL-') || f.code === 'SP-LEN-001' || f.code === 'SP-AUD-005');
        let residualWritten: string | null = null;
        if (o.residual) {
          const pkg = await openPackage(src);
          if (pkg.manifest) {
            const full = availableVersions(pkg.manifest).find((v) => v.name === 'full')!;
            const out = await openAtomicOutput(o.residual, { force: o.force ?? false });
            const r = await renderPackage(pkg, [{ version: full, sink: out.sink, residual: true }], { packageName: path, format: { sampleFormat: 'float', bitDepth: 32, container: 'wav' } });
            if (r.ok) {
              await out.commit();
              residualWritten = o.residual;
            } else await out.abort();
          }
        }
        const failed = report.findings.some((f) => f.code === 'SP-NULL-001' && f.severity === 'error');
        if (o.json) printJson({ null: report.null ?? null, findings: nullFindings, residual: residualWritten });
        else {
          const paint = painter(useColor(process.stdout));
          const n = report.null;
          if (n) {
            const db = (x: number | null | undefined) => (x === null || x === undefined ? '-inf' : x.toFixed(2));
            process.stdout.write(
              n.exact
                ? 'exact null: the stems sum to the mix sample for sample\n'
                : `residual peak ${db(n.residualPeakDbfs)} dBFS, RMS ${db(n.residualRmsDbfs)} dBFS, null depth ${db(n.depthDb)} dB, tolerance ${n.tolerance} dBFS: ${n.pass ? 'pass' : 'FAIL'}\n`,
            );
            for (const r of n.failingRanges ?? []) process.stdout.write(`  fails from ${formatTime(r.startSeconds)} to ${formatTime(r.endSeconds)} (peak ${db(r.peakDbfs)} dBFS)\n`);
          } else process.stdout.write('null test not run (see findings)\n');
          for (const f of nullFindings) if (f.severity !== 'info' || f.code === 'SP-NULL-102') process.stdout.write(formatFindingLine(f as never, paint) + '\n');
          if (residualWritten) process.stdout.write(`residual written to ${residualWritten}\n`);
        }
        process.exitCode = failed || !report.null ? EXIT.FINDINGS : EXIT.OK;
      } finally {
        await src.close();
      }
    });
}
