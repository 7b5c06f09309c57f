/**
 * Time-boxed fuzzer: `npm run fuzz -- --minutes N [--seed S] [--target audio-header|read-zip|manifest|validate|validate-entry|sshsig|allowed-signers] [--fixtures dir]`.
 *
 * Runs rounds of fast-check properties over the targets of `test/fuzz/targets.ts` (no throw,
 * each input under 1 s, bounded allocation and read requests) until the time is up, printing
 * the seed of every round and the executions count. On a failure it prints the seed, the
 * fast-check path and the shrunk counterexample, writes the failing bytes to a file, and exits 1.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEntryOps, applyOps, entryInputArb, entrySeeds, inputArb, loadSeeds, runTarget, TARGETS, type EntryInput, type FuzzInput, type TargetName } from '../test/fuzz/targets.js';

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
  for (const t of args.targets) {
    if (t === 'validate-entry') continue;
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
    const runs = target.startsWith('validate') ? Math.max(1, Math.floor(args.runsPerRound / 5)) : args.runsPerRound;
    let count = 0;
    const bytesOf = (inp: FuzzInput | EntryInput): Uint8Array =>
      target === 'validate-entry' ? applyEntryOps(entries, inp as EntryInput) : applyOps(list[inp.seed]!, inp.ops);
    const arb: fc.Arbitrary<FuzzInput | EntryInput> = target === 'validate-entry' ? entryInputArb(entries.length) : inputArb(list.length);
    const result = await fc.check(
      fc.asyncProperty(arb, async (inp) => {
        count++;
        await runTarget(target, bytesOf(inp));
      }),
      { seed, numRuns: runs },
    );
    executions.set(target, executions.get(target)! + count);
    if (result.failed) {
      const ce = result.counterexample?.[0] as FuzzInput | EntryInput | undefined;
      console.error(`FAIL target=${target} seed=${seed} path=${result.counterexamplePath ?? ''}`);
      console.error(`counterexample: ${JSON.stringify(ce)}`);
      console.error(String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance));
      if (ce) {
        const file = join(tmpdir(), `stempack-fuzz-${target}-${seed}.bin`);
        writeFileSync(file, bytesOf(ce));
        console.error(`input written to ${file} (seed file #${ce.seed} of ${target})`);
      }
      report(executions);
      return 1;
    }
    round++;
    if (round % 20 === 0) report(executions);
  }
  report(executions);
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
