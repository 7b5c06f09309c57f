/**
 * Validate one package of a batch: open it (file or URL), take its identity, skip it when
 * `--resume` already has that digest, else validate and summarise it as a {@link BatchLine}.
 * Never throws: I/O errors become a line with `error`.
 * @module
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../model/byte-source.js';
import { validate } from '../validate/index.js';
import { moreOf } from '../validate/finding-store.js';
import { openFileSource } from '../io/file-source.js';
import { HttpSource } from '../io/http-source.js';
import { identityOf } from './identity.js';
import { isUrl } from './inputs.js';
import type { BatchJobOptions, BatchLine } from './protocol.js';

/** Run one job; `skip` holds digests to skip (then `{ skipped }` comes back). */
export async function runJob(path: string, opts: BatchJobOptions, skip: ReadonlySet<string>): Promise<BatchLine | { skipped: string }> {
  const t0 = performance.now();
  const line: BatchLine = {
    type: 'package',
    path,
    digest: null,
    level: opts.level,
    profile: profileName(opts.profile),
    valid: null,
    counts: { error: 0, warning: 0, info: 0 },
    codes: {},
    seconds: 0,
  };
  let src: (ByteSource & { close?(): Promise<void> }) | null = null;
  try {
    let mtime: number | null = null;
    if (isUrl(path)) src = await HttpSource.open(path, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
    else {
      mtime = Math.trunc((await stat(path)).mtimeMs);
      src = await openFileSource(path);
    }
    const id = await identityOf(src, mtime);
    line.digest = id.digest;
    if (skip.has(id.digest)) return { skipped: id.digest };
    const name = isUrl(path) ? decodeURIComponent(new URL(path).pathname.split('/').pop() ?? path) : basename(path);
    const r = await validate(
      { source: src, name },
      { level: opts.level, ...(opts.profile !== undefined ? { profile: opts.profile } : {}), ...(opts.measure ? { measure: opts.measure } : {}) },
    );
    line.valid = r.valid;
    line.profile = r.profile;
    line.counts = r.counts;
    // a finding with `more` stands for that many more of its code (spec §12)
    for (const f of r.findings) line.codes[f.code] = (line.codes[f.code] ?? 0) + 1 + moreOf(f);
    if (r.null && 'pass' in r.null) line.nullPass = r.null.pass;
  } catch (e) {
    line.error = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  } finally {
    await src?.close?.().catch(() => undefined);
  }
  line.seconds = Math.round(performance.now() - t0) / 1000;
  return line;
}

function profileName(p: string | undefined): string {
  if (p === undefined) return 'default';
  if (!p.trimStart().startsWith('{')) return p;
  try {
    return String((JSON.parse(p) as { name?: unknown }).name ?? 'custom');
  } catch {
    return 'custom';
  }
}
