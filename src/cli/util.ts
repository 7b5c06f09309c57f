/** Shared CLI plumbing: exit codes, colour, progress, error mapping. */
import { stderr, stdout, env } from 'node:process';

/** Exit codes (documented in README and `stempack --help`). */
export const EXIT = {
  /** Success: no error-level finding. */
  OK: 0,
  /** The input has findings at error level (or a render clipped with --headroom-check). */
  FINDINGS: 1,
  /** Usage error or I/O error (bad option, missing file, output exists without --force). */
  USAGE: 2,
} as const;

/** A usage or I/O problem: the CLI prints it and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Colour only on a TTY and when NO_COLOR is unset or empty (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = stdout): boolean {
  return Boolean(stream.isTTY) && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1, cyan: 36 } as const;
export type Paint = (style: keyof typeof CODES, text: string) => string;
export function painter(enabled: boolean): Paint {
  return (style, text) => (enabled ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
}

/** A progress line on stderr, only when stderr is a TTY. */
export function progressReporter(label: string): ((done: number, total: number) => void) & { end(): void } {
  const tty = Boolean(stderr.isTTY);
  const start = Date.now();
  let last = 0;
  const fn = ((done: number, total: number) => {
    if (!tty) return;
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const secs = (now - start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
    const left = rate > 0 ? (total - done) / rate : 0;
    stderr.write(
      `\r${label} ${pct.toFixed(0).padStart(3)}%  ${(done / 1e6).toFixed(0)}/${(total / 1e6).toFixed(0)} MB  ${(rate / 1e6).toFixed(0)} MB/s  ${left.toFixed(0)} s left   `,
    );
  }) as ((done: number, total: number) => void) & { end(): void };
  fn.end = () => {
    if (tty) stderr.write('\r\u001b[K');
  };
  return fn;
}

/** Print JSON to stdout with a trailing newline. */
export function printJson(value: unknown): void {
  stdout.write(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
}

/** Parse a number option strictly. */
export function parseNumber(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name}: not a number: ${value}`);
  return n;
}

/** Parse `key=value` options (repeatable) into a record. */
export function collectPairs(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const i = value.indexOf('=');
  if (i <= 0) throw new UsageError(`expected name=value, got: ${value}`);
  return { ...previous, [value.slice(0, i)]: value.slice(i + 1) };
}

/** Collect a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
