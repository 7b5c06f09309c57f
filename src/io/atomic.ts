import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileSink, type FileSinkOptions } from './file-sink.js';

/**
 * The output target already exists and overwriting was not asked for. A usage error (the CLI
 * maps it to exit 2), not a finding about bad input.
 */
export class OutputExistsError extends Error {
  /** Same code as the OS error, so `err.code === 'EEXIST'` checks work. */
  readonly code = 'EEXIST' as const;
  constructor(
    /** The target path that exists. */
    readonly path: string,
  ) {
    super(`output exists: ${path} (use --force to overwrite)`);
    this.name = 'OutputExistsError';
  }
}

/** Options for {@link openAtomicOutput}. */
export interface AtomicOutputOptions {
  /** Replace an existing target (default false: refuse with {@link OutputExistsError}). */
  force?: boolean;
  /** Options for the underlying {@link FileSink}. */
  sink?: FileSinkOptions;
}

/** A file being written under a temporary name, to appear under its target name only on commit. */
export interface AtomicOutput {
  /** Where the bytes go. Do not close it yourself: `commit` and `abort` do. */
  readonly sink: FileSink;
  /** The final path. */
  readonly target: string;
  /** The temporary file beside the target (same directory, so same filesystem). */
  readonly tempPath: string;
  /** Flush, fsync, close and rename into place. Throws {@link OutputExistsError} (and removes the temp) if the target appeared meanwhile without `force`. */
  commit(): Promise<void>;
  /** Close and delete the temp file. Idempotent; never throws for an already removed temp. */
  abort(): Promise<void>;
}

// ---- Cleanup of live temp files on exit and on catchable termination signals.

const live = new Set<string>();
let hooked = false;
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function unlinkLiveSync(): void {
  for (const p of live) {
    try {
      unlinkSync(p);
    } catch {
      // already gone or not ours to remove: nothing else to do while exiting
    }
  }
  live.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  unlinkLiveSync();
  // If nobody else handles this signal, restore the default action and re-raise it, so the
  // process still dies of the signal as it would have without us.
  if (process.listenerCount(sig) === 1) {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.kill(process.pid, sig);
  }
}

function track(path: string): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', unlinkLiveSync);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  live.add(path);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Directory fsync is best effort (not supported on every platform/filesystem).
  }
}

/**
 * Open `target` for writing through a temp file `<dir>/.<basename>.stempack-tmp-<pid>-<random>`.
 * Nothing appears under `target` until {@link AtomicOutput.commit}; an interrupted process
 * (exit, SIGINT, SIGTERM, SIGHUP) removes its live temp files. SIGKILL cannot be caught: then
 * only the temp file stays, never a half-written target.
 *
 * @throws OutputExistsError when `target` exists and `force` is not set.
 */
export async function openAtomicOutput(target: string, opts: AtomicOutputOptions = {}): Promise<AtomicOutput> {
  const force = opts.force ?? false;
  if (!force && (await exists(target))) throw new OutputExistsError(target);
  const dir = dirname(target);
  const tempPath = join(dir, `.${basename(target)}.stempack-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const fh = await open(tempPath, 'wx', 0o666);
  track(tempPath);
  const sink = new FileSink(fh, opts.sink);
  let state: 'open' | 'committed' | 'aborted' = 'open';

  const abort = async (): Promise<void> => {
    if (state !== 'open') return;
    state = 'aborted';
    try {
      await sink.close();
    } catch {
      // closing a failed handle: the temp is removed below either way
    }
    try {
      await unlink(tempPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    } finally {
      live.delete(tempPath);
    }
  };

  const commit = async (): Promise<void> => {
    if (state !== 'open') throw new Error(`AtomicOutput.commit: output already ${state}`);
    await sink.sync();
    await sink.close();
    if (force) {
      await rename(tempPath, target);
    } else {
      // link() fails atomically with EEXIST if the target appeared while we wrote.
      let linked = false;
      try {
        await link(tempPath, target);
        linked = true;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          await abort();
          throw new OutputExistsError(target);
        }
        // Filesystems without hard links: check, then rename (small race window).
        if (await exists(target)) {
          await abort();
          throw new OutputExistsError(target);
        }
        await rename(tempPath, target);
      }
      if (linked) await unlink(tempPath);
    }
    state = 'committed';
    live.delete(tempPath);
    await syncDir(dir);
  };

  return { sink, target, tempPath, commit, abort };
}

/**
 * Run `fn` with an atomic output for `target`: commit when it resolves, abort (remove the
 * temp) when it throws, then rethrow.
 */
export async function withAtomicOutput<T>(
  target: string,
  opts: AtomicOutputOptions,
  fn: (sink: FileSink, out: AtomicOutput) => Promise<T>,
): Promise<T> {
  const out = await openAtomicOutput(target, opts);
  try {
    const result = await fn(out.sink, out);
    await out.commit();
    return result;
  } catch (e) {
    await out.abort();
    throw e;
  }
}

const TEMP_NAME = /^\..+\.stempack-tmp-(\d+)-[0-9a-f]+$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Remove temp files that {@link openAtomicOutput} left in `dir` when its process was killed
 * uncatchably (SIGKILL, power loss): names `.<name>.stempack-tmp-<pid>-<hex>` whose process
 * is no longer running on this machine. Returns the paths removed.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const p = join(dir, name);
    try {
      await unlink(p);
      removed.push(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return removed;
}
