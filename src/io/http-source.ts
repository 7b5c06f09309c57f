/**
 * A {@link ByteSource} over HTTP(S) Range requests (`fetch`: Node 20 and browsers), so a
 * package on a web server or object store is validated without downloading it: the headers
 * level reads the end of central directory, the central directory, the local headers, the
 * manifest and the audio headers — a few kilobytes.
 *
 * Small reads are widened to a read-ahead block and kept in a small LRU cache (the ZIP and
 * audio header readers make many small neighbouring reads); large reads go straight through.
 * Failed requests (network errors, 429, 5xx, short bodies) are retried a bounded number of
 * times with exponential back-off. If the server's ETag or Last-Modified changes between
 * requests the read fails instead of mixing two versions of the file.
 *
 * Ref: RFC 9110 §14 (Range requests: Range, Content-Range, 206, 416), §13.1.3 (If-Range).
 */
import type { ByteSource } from '../model/byte-source.js';
import { clampEnd, clampStart } from './bytes-source.js';

/** Options of {@link HttpSource.open}. */
export interface HttpSourceOptions {
  /** Bytes fetched at least per request (default 64 KiB). */
  readAhead?: number;
  /** Read-ahead blocks kept (default 16). */
  cacheBlocks?: number;
  /** Attempts after the first for one request (default 3). */
  retries?: number;
  /** First back-off delay in ms, doubled per attempt (default 250). */
  retryDelayMs?: number;
  /** Extra request headers (e.g. Authorization). */
  headers?: Record<string, string>;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** Name for messages (default the URL). */
  name?: string;
}

/** Why an {@link HttpSource} could not read (an I/O error: the validator reports it, exit 2). */
export class HttpSourceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpSourceError';
  }
}

interface Block {
  start: number;
  bytes: Uint8Array;
}

/** A random-access source over HTTP Range requests. Create with {@link HttpSource.open}. */
export class HttpSource implements ByteSource {
  /** Requests made and body bytes received so far (for tests and progress). */
  readonly stats = { requests: 0, bytes: 0 };
  private readonly cache: Block[] = [];
  private validator: string | null = null;

  private constructor(
    readonly url: string,
    readonly size: number,
    readonly name: string,
    private readonly o: Required<Omit<HttpSourceOptions, 'name' | 'headers'>> & { headers: Record<string, string> },
  ) {}

  /** Open `url`: one ranged GET learns the size (and fills the first read-ahead block). */
  static async open(url: string, opts: HttpSourceOptions = {}): Promise<HttpSource> {
    const o = {
      readAhead: Math.max(1, opts.readAhead ?? 64 * 1024),
      cacheBlocks: Math.max(1, opts.cacheBlocks ?? 16),
      retries: Math.max(0, opts.retries ?? 3),
      retryDelayMs: Math.max(0, opts.retryDelayMs ?? 250),
      fetch: opts.fetch ?? globalThis.fetch.bind(globalThis),
      headers: opts.headers ?? {},
    };
    const probe = new HttpSource(url, 0, opts.name ?? url, o);
    const first = await probe.request(0, o.readAhead, true);
    const src = new HttpSource(url, first.total, opts.name ?? url, o);
    src.validator = first.validator;
    src.stats.requests = probe.stats.requests;
    src.stats.bytes = probe.stats.bytes;
    if (first.bytes.length > 0) src.remember({ start: 0, bytes: first.bytes });
    return src;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const a = clampStart(offset, this.size);
    const b = clampEnd(offset, length, this.size);
    if (b <= a) return new Uint8Array(0);
    for (let k = 0; k < this.cache.length; k++) {
      const c = this.cache[k]!;
      if (a >= c.start && b <= c.start + c.bytes.length) {
        if (k > 0) this.cache.unshift(...this.cache.splice(k, 1));
        return c.bytes.subarray(a - c.start, b - c.start);
      }
    }
    if (b - a >= this.o.readAhead) return (await this.request(a, b - a, false)).bytes;
    const end = Math.min(this.size, a + this.o.readAhead);
    const got = await this.request(a, end - a, false);
    this.remember({ start: a, bytes: got.bytes });
    return got.bytes.subarray(0, b - a);
  }

  private remember(b: Block): void {
    this.cache.unshift(b);
    if (this.cache.length > this.o.cacheBlocks) this.cache.pop();
  }

  /** GET bytes [start, start+length) with retries; `probe`: learn the total size. */
  private async request(start: number, length: number, probe: boolean): Promise<{ bytes: Uint8Array; total: number; validator: string | null }> {
    let last: unknown;
    for (let attempt = 0; attempt <= this.o.retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.o.retryDelayMs * 2 ** (attempt - 1)));
      try {
        return await this.once(start, length, probe);
      } catch (e) {
        last = e;
        if (e instanceof HttpSourceError && !retryable(e.status)) throw e;
      }
    }
    throw last instanceof Error ? last : new HttpSourceError(String(last));
  }

  private async once(start: number, length: number, probe: boolean): Promise<{ bytes: Uint8Array; total: number; validator: string | null }> {
    this.stats.requests++;
    const headers: Record<string, string> = { ...this.o.headers, Range: `bytes=${start}-${start + length - 1}`, 'Accept-Encoding': 'identity' };
    const res = await this.o.fetch(this.url, { headers, redirect: 'follow' });
    if (probe && res.status === 416) {
      // an empty file: nothing satisfies any range
      await res.body?.cancel();
      const m = /\*\/(\d+)/.exec(res.headers.get('content-range') ?? '');
      if (m && Number(m[1]) === 0) return { bytes: new Uint8Array(0), total: 0, validator: validatorOf(res) };
      throw new HttpSourceError(`${this.url}: range not satisfiable`, 416);
    }
    if (res.status === 200) {
      await res.body?.cancel();
      throw new HttpSourceError(`${this.url}: the server does not support range requests (status 200)`, 200);
    }
    if (res.status !== 206) {
      await res.body?.cancel();
      throw new HttpSourceError(`${this.url}: HTTP ${res.status}`, res.status);
    }
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec((res.headers.get('content-range') ?? '').trim());
    if (!m || Number(m[1]) !== start) {
      await res.body?.cancel();
      throw new HttpSourceError(`${this.url}: bad Content-Range ${res.headers.get('content-range')}`, 502);
    }
    const total = m[3] === '*' ? NaN : Number(m[3]);
    if (probe && !Number.isSafeInteger(total)) throw new HttpSourceError(`${this.url}: the server does not say the size`, 502);
    const v = validatorOf(res);
    if (!probe && this.validator !== null && v !== null && v !== this.validator) {
      await res.body?.cancel();
      throw new HttpSourceError(`${this.url}: the file changed while it was read`, 412);
    }
    const want = Math.min(length, (probe ? total : this.size) - start);
    const bytes = new Uint8Array(await res.arrayBuffer());
    this.stats.bytes += bytes.length;
    // a short body is a broken transfer (retried); a longer one is cut to what was asked
    if (bytes.length < want) throw new HttpSourceError(`${this.url}: short body (${bytes.length} of ${want} bytes)`, 599);
    return { bytes: bytes.length === want ? bytes : bytes.subarray(0, want), total, validator: v };
  }
}

function validatorOf(res: Response): string | null {
  return res.headers.get('etag') ?? res.headers.get('last-modified');
}

function retryable(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

/** Open a URL as a {@link ByteSource} (see {@link HttpSource}). */
export function openHttpSource(url: string, opts?: HttpSourceOptions): Promise<HttpSource> {
  return HttpSource.open(url, opts);
}
