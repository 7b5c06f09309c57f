#!/usr/bin/env node
/**
 * The `stempack` command line. A thin layer over the library: every command parses options,
 * calls one library function and prints its result.
 *
 * Exit codes: 0 ok, 1 findings at error level, 2 usage or I/O error.
 */
import { Command, CommanderError } from 'commander';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  sign: () => import('./commands/sign.js'),
  verify: () => import('./commands/verify.js'),
  receipt: () => import('./commands/receipt.js'),
  'verify-receipt': () => import('./commands/verify-receipt.js'),
};

/**
 * The version in the nearest package.json above this module: the package root, whether this runs
 * from src/, from tsc's dist/src/ or from the bundle in dist/cli/, in the repository or installed.
 */
function packageVersion(): string {
  for (let dir = import.meta.dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

/** The program with the commands `argv` needs: the one it names, or all (for help and errors). */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  // the command named loads alone; `--version` loads none (every command only for help and errors)
  const first = argv[2];
  const named = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : first === '--version' || first === '-V' ? [] : Object.keys(COMMANDS);
  const registers = await Promise.all(named.map(async (n) => (await COMMANDS[n]!()).register));
  const program = new Command();
  program
    .name('stempack')
    .description('Pack, validate and render .stempack stem packages')
    .version(packageVersion())
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

/** Whether this module is the script node was started with (through any symlink, such as npm's `.bin/stempack`), not an import. */
function isMainScript(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainScript()) {
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
