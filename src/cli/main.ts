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

type Register = (program: Command) => void;

/**
 * The commands, in help order, each loaded only when needed: a run of one command loads only
 * that command's modules (a `validate --level headers` does not load the zip writer, the
 * renderer or the conformance suite), which keeps start-up short.
 */
const COMMANDS: Record<string, () => Promise<{ register: Register }>> = {
  pack: () => import('./commands/pack.js'),
  conform: () => import('./commands/conform.js'),
  validate: () => import('./commands/validate.js'),
  inspect: () => import('./commands/inspect.js'),
  render: () => import('./commands/render.js'),
  null: () => import('./commands/null.js'),
  probe: () => import('./commands/probe.js'),
  conformance: () => import('./commands/conformance.js'),
};

const require = createRequire(import.meta.url);
const pkg = require('../../../package.json') as { version: string };

/** The program with the commands `argv` needs: the one it names, or all (for help and errors). */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const named = argv[2] !== undefined && Object.hasOwn(COMMANDS, argv[2]) ? [argv[2]] : Object.keys(COMMANDS);
  const registers = await Promise.all(named.map(async (n) => (await COMMANDS[n]!()).register));
  const program = new Command();
  program
    .name('stempack')
    .description('Pack, validate and render .stempack stem packages')
    .version(pkg.version)
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride()
    .addHelpText('after', '\nExit codes: 0 ok, 1 findings at error level, 2 usage or I/O error.\nColour is off when NO_COLOR is set or stdout is not a terminal; progress goes to stderr only when it is a terminal.');
  for (const reg of registers) reg(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
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
  // `stempack ... | head`: a closed pipe ends the output quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  if (process.env.STEMPACK_REPORT_RSS) {
    // For the benchmark harness: peak resident set size in bytes and the CPU time of all the
    // process's threads in seconds, on stderr at exit.
    process.on('exit', () => {
      const u = process.resourceUsage();
      process.stderr.write(`\nstempack-max-rss ${u.maxRSS * 1024}\nstempack-cpu-seconds ${(u.userCPUTime + u.systemCPUTime) / 1e6}\n`);
    });
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
