import type { Command } from 'commander';
import { resolve } from 'node:path';
import { conformItemsOf } from '../../pack/index.js';
import { prepareConform } from '../../conform/run.js';
import { ConformWriteError, writeConformed } from '../../conform/write.js';
import { formatConformPlan, refusalParams } from '../../conform/format.js';
import { finding } from '../../model/finding.js';
import { EXIT, parseNumber, printJson, UsageError } from '../util.js';

interface ConformCliOptions {
  plan?: boolean;
  output?: string;
  mix?: string;
  padMix?: boolean;
  assumeSessionStart?: boolean;
  dualMono?: boolean;
  nullTolerance?: string;
  force?: boolean;
  json?: boolean;
}

/** `stempack conform`: plan, or write, the lossless repairs of a folder of DAW exports (spec §5.5). */
export function register(program: Command): void {
  program
    .command('conform')
    .description('Repair DAW exports without changing a sample value (pad, trim silence, align BWF starts, widen, AIFF/WAV, join split mono) and say what was done')
    .argument('<inputs...>', 'a folder of exports, or audio files')
    .option('--plan', 'print what would be done, write nothing')
    .option('-o, --output <dir>', 'write the conformed files and conform.json into this folder')
    .option('--mix <file>', 'the reference mix (default: found by name: mix, master, full, main)')
    .option('--pad-mix', 'pad the mix too when a stem starts before it or ends after it (default: refuse unless the overhang is digital silence)')
    .option('--assume-session-start', 'files without a BWF TimeReference start at the session start (the mix\'s TimeReference, else the earliest)')
    .option('--dual-mono', 'duplicate mono stems of a stereo set into two identical channels')
    .option('--null-tolerance <dBFS>', 'tolerance of the null checks (default -80)')
    .option('--force', 'overwrite existing files in the output folder')
    .option('--json', 'print the plan (and what was written) as JSON')
    .addHelpText(
      'after',
      '\nConform never resamples, reduces bit depth, quantises float samples, dithers, changes gain or decodes lossy files: such files are refused with the reason and what to export again.\nExit codes: 0 planned or written, 1 a file cannot be conformed, 2 usage or I/O error.\nThe inputs are never modified; files are written under a temporary name and renamed into place.',
    )
    .action(async (inputs: string[], o: ConformCliOptions) => {
      if (!o.plan && !o.output) throw new UsageError('give --plan to see the plan, or -o <dir> to write the conformed files');
      if (o.plan && o.output) throw new UsageError('--plan writes nothing: give either --plan or -o <dir>');
      const tolerance = o.nullTolerance !== undefined ? parseNumber('--null-tolerance', o.nullTolerance) : -80;
      const found = await conformItemsOf({ inputs, ...(o.mix ? { mix: o.mix } : {}), ...(o.output ? { exclude: [resolve(o.output)] } : {}) });
      // lossy or unreadable audio is refused like any file conform cannot repair, and the rest
      // is still planned; a set without a readable mix (or with pairs that cannot join) is not
      const lossy = found.findings.filter((f) => f.code === 'SP-AUD-001');
      const blocking = found.findings.filter((f) => f.severity === 'error' && f.code !== 'SP-AUD-001' && f.code !== 'SP-SES-001');
      if (blocking.length > 0 || !found.items.some((i) => i.isMix)) {
        if (o.json) printJson({ ok: false, findings: found.findings });
        else {
          process.stderr.write('Not conformed: the set cannot be read as stems and a mix.\n');
          for (const f of blocking) process.stderr.write(`  ${f.code} ${f.message}\n`);
        }
        process.exitCode = EXIT.FINDINGS;
        return;
      }
      const options = { ...(o.padMix ? { padMix: true } : {}), ...(o.assumeSessionStart ? { assumeSessionStart: true } : {}), ...(o.dualMono ? { dualMono: true } : {}) };
      const prep = await prepareConform(found.items, options, { tolerance, nullOfSet: Boolean(o.output) });
      try {
        const plan = prep.plan;
        const ok = plan.refusals.length === 0 && lossy.length === 0;
        let written: string[] | null = null;
        if (o.output && ok) {
          try {
            written = (await writeConformed(prep, o.output, { force: o.force ?? false })).files;
          } catch (e) {
            if (e instanceof ConformWriteError) throw new UsageError(e.message);
            throw e;
          }
        }
        if (o.json) {
          printJson({
            ok,
            timeline: { ...plan.timeline, sampleRate: plan.sampleRate },
            files: plan.files.map((f) => ({ path: f.item.path, name: f.name, changed: f.changed, operations: f.operations, ...(f.droppedChunks.length ? { droppedChunks: f.droppedChunks } : {}) })),
            refusals: [
              ...lossy.map((f) => ({ code: f.code, path: f.path, params: f.params, message: f.message })),
              ...plan.refusals.map((r) => finding('SP-PAK-002', r.path, refusalParams(r))),
            ],
            verdicts: plan.verdicts.map((v) => ({ ...v, path: plan.files[v.item]!.item.path })),
            ...(prep.null ? { null: { residualPeakDbfs: prep.null.residualPeakDbfs === -Infinity ? null : prep.null.residualPeakDbfs, exact: prep.null.exact, pass: prep.null.pass } } : {}),
            ...(written ? { written } : {}),
            ignored: found.ignored,
          });
        } else {
          let text = formatConformPlan(plan, { ...(prep.null !== undefined ? { null: prep.null } : {}), ...(written ? { written: o.output! } : {}) });
          if (lossy.length > 0) text += `Refused: not lossless PCM (conform never decodes lossy audio):\n${lossy.map((f) => `  ${f.message}\n`).join('')}`;
          (ok ? process.stdout : process.stderr).write(text);
        }
        process.exitCode = ok ? EXIT.OK : EXIT.FINDINGS;
      } finally {
        await prep.close();
      }
    });
}
