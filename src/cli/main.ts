#!/usr/bin/env node
/**
 * The `stempack` command line. A thin layer over the library: every command parses options,
 * calls one library function and prints its result.
 *
 * Exit codes: 0 ok, 1 findings at error level, 2 usage or I/O error.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { EXIT, UsageError } from './util.js';
import { register as probe } from './commands/probe.js';
import { register as renderCmd } from './commands/render.js';
import { register as validateCmd } from './commands/validate.js';
import { register as inspectCmd } from './commands/inspect.js';
import { register as nullCmd } from './commands/null.js';
import { register as packCmd } from './commands/pack.js';
import { register as conformanceCmd } from './commands/conformance.js';

const require = createRequire(import.meta.url);
const pkg = require('../../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('stempack')
    .description('Pack, validate and render .stempack stem packages')
    .version(pkg.version)
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride()
    .addHelpText('after', '\nExit codes: 0 ok, 1 findings at error level, 2 usage or I/O error.\nColour is off when NO_COLOR is set or stdout is not a terminal; progress goes to stderr only when it is a terminal.');
  for (const reg of [packCmd, validateCmd, inspectCmd, renderCmd, nullCmd, probe, conformanceCmd]) reg(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code === 'EEXIST' || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`stempack: ${(e as Error).message}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
}

const invoked = process.argv[1] ?? '';
if (import.meta.url === `file://${invoked}` || invoked.endsWith('/stempack') || invoked.endsWith('cli/main.js')) {
  if (process.env.STEMPACK_REPORT_RSS) {
    // For the benchmark harness: peak resident set size in bytes, on stderr at exit.
    process.on('exit', () => process.stderr.write(`\nstempack-max-rss ${process.resourceUsage().maxRSS * 1024}\n`));
  }
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`stempack: internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
