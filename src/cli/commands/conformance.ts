import type { Command } from 'commander';
import { formatConformance, runConformance } from '../../conformance/index.js';
import { EXIT, printJson } from '../util.js';

/** `stempack conformance`: run the conformance suite against our validator or another implementation. */
export function register(program: Command): void {
  program
    .command('conformance')
    .description('Generate the conformance fixtures (spec/conformance) and run every case against our validator, or another implementation with --impl')
    .option('--impl <command>', "run '<command> <fixture> [--profile <file>] [--level <level>]' per case; it prints a stempack report (JSON) on stdout")
    .option('--fixtures <dir>', 'fixture folder (default: <tmp>/stempack-conformance; reused when hashes match)')
    .option('--filter <text>', 'only cases whose description contains this text')
    .option('--json', 'machine-readable result')
    .addHelpText('after', '\nExit codes: 0 every case passed, 1 a case failed.')
    .action(async (opts: { impl?: string; fixtures?: string; filter?: string; json?: boolean }) => {
      const r = await runConformance({
        ...(opts.impl ? { impl: opts.impl } : {}),
        ...(opts.fixtures ? { fixtures: opts.fixtures } : {}),
        ...(opts.filter ? { filter: opts.filter } : {}),
      });
      if (opts.json) printJson(r);
      else process.stdout.write(formatConformance(r));
      process.exitCode = r.failed > 0 ? EXIT.FINDINGS : EXIT.OK;
    });
}
