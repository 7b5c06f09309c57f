import type { Command } from 'commander';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import '../../analysis/hash-node.js';
import { openAtomicOutput, type AtomicOutput } from '../../io/index.js';
import { openPackage } from '../../package/open.js';
import { availableVersions } from '../../manifest/index.js';
import type { Version, VersionRule } from '../../model/manifest.js';
import { renderPackage, type RenderFormat, type RenderTarget } from '../../render/index.js';
import { formatFindingLine } from '../format.js';
import { collect, EXIT, painter, parseNumber, printJson, progressReporter, UsageError, useColor } from '../util.js';
import { openInput } from '../package-source.js';

interface RenderCliOptions {
  version?: string;
  output?: string;
  gain?: string[];
  mute?: string[];
  solo?: string[];
  format?: string;
  bitDepth?: string;
  float?: boolean;
  dither?: string;
  seed?: string;
  stemsOnly?: boolean;
  list?: boolean;
  all?: boolean;
  headroomCheck?: boolean;
  strict?: boolean;
  force?: boolean;
  json?: boolean;
}

/** `stempack render`: the reference render of a version of a package. */
export function register(program: Command): void {
  program
    .command('render')
    .description('Render the mix or an alternate version from the stems, bit-exact as the spec defines')
    .argument('<package>', '.stempack file')
    .option('--version <name>', 'version to render (see --list)', 'full')
    .option('-o, --output <path>', 'output file (or folder with --all / --stems-only)')
    .option('--gain <target=dB>', 'add dB to a role or stem id (repeatable), e.g. --gain vocals-lead=+1.0', collect)
    .option('--mute <target>', 'mute a role or stem id (repeatable)', collect)
    .option('--solo <target>', 'keep only these roles or stem ids (repeatable)', collect)
    .option('--format <fmt>', 'wav or aiff (default: the package format)')
    .option('--bit-depth <bits>', 'integer output depth: 8, 16, 24 or 32')
    .option('--float', '32-bit float output (64 with --bit-depth 64)')
    .option('--dither <type>', 'tpdf: seeded TPDF dither before quantising (off by default)')
    .option('--seed <n>', 'dither seed (default 0)')
    .option('--stems-only', 'write each unmuted stem on its own with its version gain (no summing bus) into the -o folder')
    .option('--all', 'render every version the package offers into the -o folder, in one pass')
    .option('--list', 'list the versions the package offers and exit')
    .option('--headroom-check', 'fail (exit 1, nothing written) if any sample would be clamped')
    .option('--strict', 'fail (exit 1, nothing written) if a version would render digital silence (every stem muted) or the full mix again (no stem changed)')
    .option('--force', 'overwrite existing output files')
    .option('--json', 'machine-readable result on stdout')
    .addHelpText('after', '\nExit codes: 0 rendered, 1 package not renderable, clamping with --headroom-check, or silence / the full mix again with --strict, 2 usage or I/O error.')
    .action(async (pkgPath: string, o: RenderCliOptions) => {
      const src = await openInput(pkgPath);
      const outs: AtomicOutput[] = [];
      try {
        const pkg = await openPackage(src);
        const paint = painter(useColor(process.stdout));
        if (!pkg.manifest) {
          for (const f of pkg.findings) process.stderr.write(formatFindingLine(f, paint) + '\n');
          process.exitCode = EXIT.FINDINGS;
          return;
        }
        const m = pkg.manifest;
        const versions = availableVersions(m);
        if (o.list) {
          if (o.json) printJson(versions);
          else for (const v of versions) process.stdout.write(`${v.name.padEnd(16)} ${v.description ?? ''}\n`);
          return;
        }
        if (!o.output) throw new UsageError('render: -o/--output is required');
        const format = outputFormat(o);
        const isId = (t: string) => m.stems.some((s) => s.id === t);
        const rule = (t: string, r: Omit<VersionRule, 'role' | 'stem'>): VersionRule => (isId(t) ? { stem: t, ...r } : { role: t as VersionRule['role'], ...r });
        const rules: VersionRule[] = [
          ...(o.gain ?? []).map((g) => {
            const i = g.indexOf('=');
            if (i <= 0) throw new UsageError(`--gain expects target=dB, got ${g}`);
            return rule(g.slice(0, i), { gainDb: parseNumber('--gain', g.slice(i + 1)) });
          }),
          ...(o.mute ?? []).map((t) => rule(t, { mute: true })),
        ];
        const find = (name: string): Version => {
          const v = versions.find((x) => x.name === name);
          if (!v) throw new UsageError(`no version "${name}"; the package offers: ${versions.map((x) => x.name).join(', ')}`);
          return v;
        };
        const ext = format.container === 'aiff' ? '.aif' : '.wav';
        const jobs: { path: string; target: Omit<RenderTarget, 'sink'> }[] = [];
        if (o.all || o.stemsOnly) {
          await mkdir(o.output, { recursive: true });
          if (o.all) for (const v of versions) jobs.push({ path: join(o.output, `${v.name}${ext}`), target: { version: v, adjustments: { rules, solo: o.solo } } });
          else {
            const v = find(o.version ?? 'full');
            for (const s of m.stems) {
              if (o.solo && o.solo.length > 0 && !o.solo.includes(s.id) && !o.solo.includes(s.role)) continue;
              jobs.push({ path: join(o.output, `${s.id}${ext}`), target: { version: v, adjustments: { rules, solo: [s.id] } } });
            }
          }
        } else {
          jobs.push({ path: o.output, target: { version: find(o.version ?? 'full'), adjustments: { rules, solo: o.solo } } });
        }
        for (const j of jobs) outs.push(await openAtomicOutput(j.path, { force: o.force ?? false }));
        const progress = progressReporter('render');
        const result = await renderPackage(
          pkg,
          jobs.map((j, i) => ({ ...j.target, sink: outs[i]!.sink })),
          {
            format,
            packageName: pkgPath,
            ...(o.dither ? { dither: { type: 'tpdf' as const, seed: o.seed ? parseNumber('--seed', o.seed) : 0 } } : {}),
            ...(o.strict ? { strict: true } : {}),
            onProgress: (d, t) => progress(d, t),
          },
        );
        progress.end();
        const clamped = result.outcomes.some((x) => x.clamped > 0);
        const failed = !result.ok || (o.headroomCheck && clamped);
        if (failed) for (const x of outs) await x.abort();
        else for (const x of outs) await x.commit();
        const findings = [...result.findings, ...result.outcomes.flatMap((x) => x.findings)];
        if (o.json) {
          printJson({ ok: !failed, written: failed ? [] : jobs.map((j) => j.path), manifestSha256: result.manifestSha256, outcomes: result.outcomes, findings });
        } else {
          for (const f of findings) process.stderr.write(formatFindingLine(f, paint) + '\n');
          if (!failed)
            for (let i = 0; i < jobs.length; i++) {
              const oc = result.outcomes[i]!;
              process.stdout.write(`${jobs[i]!.path}: ${oc.version}, ${oc.frames} frames, ${oc.sampleRate} Hz, ${oc.format.bitDepth}-bit ${oc.format.sampleFormat}${oc.clamped ? `, ${oc.clamped} samples clamped` : ''}\n`);
            }
          else if (o.headroomCheck && clamped) process.stderr.write('render: samples would be clamped (--headroom-check); nothing written\n');
        }
        process.exitCode = failed ? EXIT.FINDINGS : EXIT.OK;
      } catch (e) {
        for (const x of outs) await x.abort();
        throw e;
      } finally {
        await src.close();
      }
    });
}

function outputFormat(o: RenderCliOptions): Partial<RenderFormat> {
  const f: Partial<RenderFormat> = {};
  if (o.format) {
    if (o.format !== 'wav' && o.format !== 'aiff') throw new UsageError(`--format must be wav or aiff, not ${o.format}`);
    f.container = o.format;
  }
  if (o.bitDepth) {
    const b = parseNumber('--bit-depth', o.bitDepth);
    if (![8, 16, 24, 32, 64].includes(b)) throw new UsageError('--bit-depth must be 8, 16, 24, 32 (or 64 with --float)');
    f.bitDepth = b as RenderFormat['bitDepth'];
  }
  if (o.float) {
    f.sampleFormat = 'float';
    if (f.bitDepth !== 64) f.bitDepth = 32;
  } else if (o.bitDepth) {
    if (f.bitDepth === 64) throw new UsageError('--bit-depth 64 needs --float');
    f.sampleFormat = 'int';
  }
  if (o.dither && o.dither !== 'tpdf') throw new UsageError(`--dither: only tpdf is defined, not ${o.dither}`);
  return f;
}
