/**
 * Time-boxed fuzzer: `npm run fuzz -- --minutes N [--seed S] [--target audio-header|read-zip|manifest|validate|validate-entry|sshsig|allowed-signers|http|manifest-scale] [--fixtures dir]`.
 *
 * Runs rounds of fast-check properties over the targets of `test/fuzz/targets.ts` (no throw,
 * each input under 1 s, bounded allocation and read requests; `http`: a hostile server on
 * 127.0.0.1 scripted per request; `manifest-scale`: manifests of up to 100,000 items, time linear
 * in the items) until the time is up, printing
 * the seed of every round and the executions count. On a failure it prints the seed, the
 * fast-check path and the shrunk counterexample, writes the failing bytes to a file, and exits 1.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyEntryOps,
  applyOps,
  closeHttpServers,
  entryInputArb,
  entrySeeds,
  httpInputArb,
  inputArb,
  loadSeeds,
  packageSeeds,
  runHttp,
  runManifestScale,
  runTarget,
  scaleInputArb,
  scalePackage,
  STRUCTURED_TARGETS,
  TARGETS,
  type EntryInput,
  type FuzzInput,
  type HttpInput,
  type ScaleInput,
  type TargetName,
} from '../test/fuzz/targets.js';

interface Args {
  minutes: number;
  seed: number;
  targets: TargetName[];
  fixtures: string[];
  runsPerRound: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { minutes: 1, seed: Date.now() % 2 ** 31, targets: TARGETS, fixtures: [], runsPerRound: 200 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--minutes' && v) (a.minutes = Number(v)), i++;
    else if (k === '--seed' && v) (a.seed = Number(v)), i++;
    else if (k === '--target' && v) (a.targets = [v as TargetName]), i++;
    else if (k === '--fixtures' && v) a.fixtures.push(v), i++;
    else if (k === '--runs' && v) (a.runsPerRound = Number(v)), i++;
    else throw new Error(`unknown argument ${k ?? ''}`);
  }
  return a;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const deadline = Date.now() + args.minutes * 60_000;
  const seeds = new Map<TargetName, Uint8Array[]>();
  const entries = entrySeeds();
  const httpPackages = packageSeeds().slice(0, 2);
  for (const t of args.targets) {
    if (STRUCTURED_TARGETS.has(t)) continue;
    const s = loadSeeds(t, args.fixtures);
    seeds.set(t, s);
    for (const b of s) await runTarget(t, b, 60_000); // warm up
  }
  console.log(`fuzz: base seed ${args.seed}, targets ${args.targets.join(', ')}, ${args.minutes} min`);
  const executions = new Map<TargetName, number>(args.targets.map((t) => [t, 0]));
  let round = 0;
  while (Date.now() < deadline) {
    const target = args.targets[round % args.targets.length]!;
    const seed = (args.seed + round) | 0;
    const list = seeds.get(target) ?? [];
    const runs = target.startsWith('validate') || target === 'http' ? Math.max(1, Math.floor(args.runsPerRound / 5)) : args.runsPerRound;
    let count = 0;
    type Input = FuzzInput | EntryInput | HttpInput | ScaleInput;
    const bytesOf = (inp: Input): Uint8Array =>
      target === 'validate-entry'
        ? applyEntryOps(entries, inp as EntryInput)
        : target === 'http'
          ? new TextEncoder().encode(JSON.stringify(inp))
          : target === 'manifest-scale'
            ? scalePackage(inp as ScaleInput)
            : applyOps(list[(inp as FuzzInput).seed]!, (inp as FuzzInput).ops);
    const arb: fc.Arbitrary<Input> =
      target === 'validate-entry' ? entryInputArb(entries.length) : target === 'http' ? httpInputArb(httpPackages.length) : target === 'manifest-scale' ? scaleInputArb(100_000) : inputArb(list.length);
    const result = await fc.check(
      fc.asyncProperty(arb, async (inp) => {
        count++;
        if (target === 'http') await runHttp(inp as HttpInput, httpPackages);
        else if (target === 'manifest-scale') await runManifestScale(inp as ScaleInput);
        else await runTarget(target, bytesOf(inp));
      }),
      { seed, numRuns: target === 'manifest-scale' ? Math.max(1, Math.floor(runs / 4)) : runs },
    );
    executions.set(target, executions.get(target)! + count);
    if (result.failed) {
      const ce = result.counterexample?.[0] as Input | undefined;
      console.error(`FAIL target=${target} seed=${seed} path=${result.counterexamplePath ?? ''}`);
      console.error(`counterexample: ${JSON.stringify(ce)}`);
      console.error(String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance));
      if (ce) {
        const file = join(tmpdir(), `stempack-fuzz-${target}-${seed}.bin`);
        writeFileSync(file, bytesOf(ce));
        console.error(`input written to ${file}${'seed' in ce ? ` (seed #${ce.seed} of ${target})` : ''}${target === 'http' ? ' (the server plan, as JSON)' : ''}`);
      }
      report(executions);
      return 1;
    }
    round++;
    if (round % 20 === 0) report(executions);
  }
  report(executions);
  await closeHttpServers();
  return 0;
}

function report(ex: Map<TargetName, number>): void {
  let total = 0;
  const parts: string[] = [];
  for (const [t, n] of ex) (total += n), parts.push(`${t} ${n}`);
  console.log(`executions: ${total} (${parts.join(', ')})`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
