/**
 * A {@link ByteSource} over HTTP(S) Range requests (`fetch`: Node 20 and browsers), so a
 * package on a web server or object store is validated without downloading it: the headers
 * level reads the end of central directory, the central directory, the local headers, the
 * manifest and the audio headers — a few kilobytes.
 *
 * Small reads are widened to a read-ahead block and kept in a small LRU cache (the ZIP and
 * audio header readers make many small neighbouring reads); large reads go straight through.
 *
 * The server is not trusted:
 * - a body is read only up to the bytes asked for, then the response is cancelled (a server
 *   that answers a range with an endless body costs one block, not the machine's memory);
 * - every request has a time limit ({@link HttpSourceOptions.timeoutMs}) on the headers and on
 *   each wait for more of the body;
 * - redirects are followed by hand, at most {@link HttpSourceOptions.maxRedirects} hops, never
 *   to the same URL twice ("redirect loop"), only to http(s), and credentials given in
 *   `headers` are not sent to another origin;
 * - the Content-Range must start where asked, give the size learnt at open, and cover the bytes
 *   asked; a short body, a 416 or a changed ETag/Last-Modified/size fails the read with an
 *   {@link HttpSourceError} that says what the server did.
 * Failed requests (network errors, time-outs, 429, 5xx, short bodies) are retried a bounded
 * number of times with exponential back-off.
 *
 * Ref: RFC 9110 §14 (Range requests: Range, Content-Range, 206, 416), §15.4 (redirects),
 * §8.8 (validators: ETag, Last-Modified).
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
  /**
   * Longest wait in ms for a response's headers, and between two pieces of its body
   * (default {@link DEFAULT_HTTP_TIMEOUT_MS}). A server that stalls longer fails the request.
   */
  timeoutMs?: number;
  /** Most redirects followed for one request (default {@link DEFAULT_MAX_REDIRECTS}). */
  maxRedirects?: number;
  /** Extra request headers (e.g. Authorization; not sent on to another origin). */
  headers?: Record<string, string>;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** Name for messages (default the URL). */
  name?: string;
}

/** Default of {@link HttpSourceOptions.timeoutMs}: 30 s. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Default of {@link HttpSourceOptions.maxRedirects}. */
export const DEFAULT_MAX_REDIRECTS = 5;

/** What went wrong with a request (see {@link HttpSourceError}). */
export type HttpFailure =
  /** An HTTP status that is not a range answer (`status` holds it). */
  | 'status'
  /** The server answers 200 with the whole file: it does not serve ranges. */
  | 'no-ranges'
  /** 416, or a Content-Range that does not answer the request. */
  | 'range'
  /** The body ended before the bytes asked for. */
  | 'short'
  /** ETag, Last-Modified or size changed since the file was opened. */
  | 'changed'
  /** No answer, or no more body, within the time limit. */
  | 'timeout'
  /** A redirect loop, too many redirects, or a redirect that cannot be followed. */
  | 'redirect'
  /** The connection failed (DNS, refused, reset, TLS...). */
  | 'network';

/** Why an {@link HttpSource} could not read (an I/O error: the validator reports it, exit 2). */
export class HttpSourceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason: HttpFailure = 'status',
  ) {
    super(message);
    this.name = 'HttpSourceError';
  }
}

interface Block {
  start: number;
  bytes: Uint8Array;
}

interface Got {
  bytes: Uint8Array;
  total: number;
  validator: string | null;
}

type Resolved = Required<Omit<HttpSourceOptions, 'name' | 'headers'>> & { headers: Record<string, string> };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Request headers that carry credentials: dropped when a redirect leaves the origin. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);

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
    private readonly o: Resolved,
  ) {}

  /** Open `url`: one ranged GET learns the size (and fills the first read-ahead block). */
  static async open(url: string, opts: HttpSourceOptions = {}): Promise<HttpSource> {
    const o: Resolved = {
      readAhead: Math.max(1, opts.readAhead ?? 64 * 1024),
      cacheBlocks: Math.max(1, opts.cacheBlocks ?? 16),
      retries: Math.max(0, opts.retries ?? 3),
      retryDelayMs: Math.max(0, opts.retryDelayMs ?? 250),
      timeoutMs: Math.max(1, opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS),
      maxRedirects: Math.max(0, opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS),
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
  private async request(start: number, length: number, probe: boolean): Promise<Got> {
    let last: HttpSourceError | null = null;
    const attempts = this.o.retries + 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.o.retryDelayMs * 2 ** (attempt - 1)));
      try {
        return await this.once(start, length, probe);
      } catch (e) {
        last = e instanceof HttpSourceError ? e : new HttpSourceError(`${this.name}: ${String(e)}`, undefined, 'network');
        if (!retryable(last)) throw last;
      }
    }
    throw attempts > 1 ? new HttpSourceError(`${last!.message} (${attempts} attempts)`, last!.status, last!.reason) : last!;
  }

  private async once(start: number, length: number, probe: boolean): Promise<Got> {
    this.stats.requests++;
    const range = `bytes ${start}-${start + length - 1}`;
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => ctl.abort(), this.o.timeoutMs);
    };
    arm();
    try {
      const res = await this.get({ ...this.o.headers, Range: `bytes=${start}-${start + length - 1}`, 'Accept-Encoding': 'identity' }, ctl.signal);
      arm(); // the headers came: the body has its own time limit
      return await this.answer(res, start, length, probe, range, arm);
    } catch (e) {
      if (ctl.signal.aborted) {
        throw new HttpSourceError(`${this.name}: the server sent nothing for ${this.o.timeoutMs / 1000} s (request for ${range})`, undefined, 'timeout');
      }
      if (e instanceof HttpSourceError) throw e;
      throw new HttpSourceError(`${this.name}: ${networkMessage(e)} (request for ${range})`, undefined, 'network');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Check a response to a range request and read its body (at most the bytes asked for). */
  private async answer(res: Response, start: number, length: number, probe: boolean, range: string, arm: () => void): Promise<Got> {
    const fail = async (message: string, status: number | undefined, reason: HttpFailure): Promise<never> => {
      await res.body?.cancel().catch(() => undefined);
      throw new HttpSourceError(`${this.name}: ${message}`, status, reason);
    };
    const cr = (res.headers.get('content-range') ?? '').trim();
    if (res.status === 416) {
      const m = /^bytes \*\/(\d+)$/.exec(cr);
      // an empty file: nothing satisfies any range
      if (probe && m && Number(m[1]) === 0) {
        await res.body?.cancel().catch(() => undefined);
        return { bytes: new Uint8Array(0), total: 0, validator: validatorOf(res) };
      }
      const now = m ? `; it now gives the size as ${m[1]} bytes` : '';
      return fail(`the server refused ${range} as out of range (HTTP 416)${probe ? '' : ` of a file it said was ${this.size} bytes${now}`}`, 416, 'range');
    }
    if (res.status === 200) return fail('the server does not support range requests (it answered 200 with the whole file)', 200, 'no-ranges');
    if (res.status !== 206) return fail(`the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} to the request for ${range}`, res.status, 'status');
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(cr);
    if (!m || Number(m[1]) !== start) {
      return fail(`the server answered the request for ${range} with Content-Range ${JSON.stringify(cr.slice(0, 100))}`, 502, 'range');
    }
    const total = m[3] === '*' ? NaN : Number(m[3]);
    if (probe && !Number.isSafeInteger(total)) return fail('the server does not say the size of the file (Content-Range without a length)', 502, 'range');
    if (!probe && Number.isSafeInteger(total) && total !== this.size) {
      return fail(`the file changed while it was read: the server now gives the size as ${total} bytes, it said ${this.size}`, 412, 'changed');
    }
    const v = validatorOf(res);
    if (!probe && this.validator !== null && v !== null && v !== this.validator) {
      return fail(`the file changed while it was read (${res.headers.has('etag') ? 'ETag' : 'Last-Modified'} ${JSON.stringify(v.slice(0, 100))}, was ${JSON.stringify(this.validator.slice(0, 100))})`, 412, 'changed');
    }
    const want = Math.max(0, Math.min(length, (probe ? total : this.size) - start));
    if (Number(m[2]) < start + want - 1) {
      return fail(`the server answered the request for ${range} with only bytes ${m[1]}-${m[2]}`, 599, 'short');
    }
    const bytes = await readAtMost(res, want, arm);
    this.stats.bytes += bytes.length;
    // a short body is a broken transfer (retried); a longer one was cut where the request ended
    if (bytes.length < want) throw new HttpSourceError(`${this.name}: the body ended after ${bytes.length} of the ${want} bytes of the request for ${range}`, 599, 'short');
    return { bytes, total, validator: v };
  }

  /** GET `this.url`, following at most `maxRedirects` redirects by hand. */
  private async get(headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    let url = this.url;
    const seen = new Set<string>([url]);
    for (let hop = 0; ; hop++) {
      const res = await this.o.fetch(url, { headers, redirect: 'manual', signal });
      // a browser hides where a redirect goes: let it follow (it stops after 20 hops)
      if (res.type === 'opaqueredirect') return this.o.fetch(url, { headers, redirect: 'follow', signal });
      if (!REDIRECTS.has(res.status)) return res;
      await res.body?.cancel().catch(() => undefined);
      const loc = res.headers.get('location');
      if (loc === null) throw new HttpSourceError(`${this.name}: the server answered HTTP ${res.status} (a redirect) without saying where to`, res.status, 'redirect');
      let next: URL;
      try {
        next = new URL(loc, url);
      } catch {
        throw new HttpSourceError(`${this.name}: the server redirected to an invalid URL ${JSON.stringify(loc.slice(0, 200))}`, res.status, 'redirect');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new HttpSourceError(`${this.name}: the server redirected to a ${next.protocol} URL, which is not followed`, res.status, 'redirect');
      }
      if (seen.has(next.href)) throw new HttpSourceError(`${this.name}: redirect loop (${next.href} again after ${hop + 1} redirects)`, res.status, 'redirect');
      if (hop + 1 > this.o.maxRedirects) {
        throw new HttpSourceError(`${this.name}: redirect loop: more than ${this.o.maxRedirects} redirects (last to ${next.href})`, res.status, 'redirect');
      }
      if (next.origin !== new URL(url).origin) headers = withoutCredentials(headers);
      seen.add(next.href);
      url = next.href;
    }
  }
}

/**
 * The first `want` bytes of a response body; the rest is not read (the response is cancelled).
 * `arm` is called after every piece (it restarts the time limit).
 */
async function readAtMost(res: Response, want: number, arm: () => void): Promise<Uint8Array> {
  const out = new Uint8Array(want);
  if (!res.body) return out.subarray(0, 0);
  const reader = res.body.getReader();
  let got = 0;
  try {
    while (got < want) {
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      const n = Math.min(value.length, want - got);
      out.set(n === value.length ? value : value.subarray(0, n), got);
      got += n;
    }
  } finally {
    // whatever follows the bytes asked for is not read
    await reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, got);
}

function withoutCredentials(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (!CREDENTIALS.has(k.toLowerCase())) out[k] = v;
  return out;
}

/** A network error's cause, as short as it can be said (`fetch failed` alone says nothing). */
function networkMessage(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err?.cause;
  if (cause?.code) return `cannot reach the server (${cause.code}${cause.message && !cause.message.includes(cause.code) ? `: ${cause.message}` : ''})`;
  if (cause?.message) return `cannot reach the server (${cause.message})`;
  return `cannot reach the server (${err instanceof Error ? err.message : String(e)})`;
}

function validatorOf(res: Response): string | null {
  return res.headers.get('etag') ?? res.headers.get('last-modified');
}

/** Worth another attempt: the network, the time limit, a short body, 429 and 5xx answers. */
function retryable(e: HttpSourceError): boolean {
  if (e.reason === 'network' || e.reason === 'timeout' || e.reason === 'short') return true;
  return e.reason === 'status' && e.status !== undefined && (e.status === 429 || e.status >= 500);
}

/** Open a URL as a {@link ByteSource} (see {@link HttpSource}). */
export function openHttpSource(url: string, opts?: HttpSourceOptions): Promise<HttpSource> {
  return HttpSource.open(url, opts);
}
