// HttpSource against a local range-serving HTTP server (node:http on 127.0.0.1, no network):
// the headers level reads only a few kilobytes, full validation over HTTP gives the same report
// as from the file, failures are retried a bounded number of times, servers without ranges and
// files that change while being read are refused; a hostile server (error statuses after the
// first request, short, shifted or endless bodies, lying sizes, stalls, redirect loops) ends in
// an HttpSourceError that says what it did, never a hang or a download of the whole body.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSource, HttpSourceError, BytesSource } from '../../src/io/index.js';
import { validate } from '../../src/validate/index.js';
import { buildPackage } from '../helpers/package-builder.js';
import { startHostileServer, type Behaviour, type HostileServer } from '../helpers/hostile-server.js';

interface Served {
  requests: number;
  bytes: number;
  /** Fail this many requests with 503 before serving. */
  failNext: number;
  ranges: boolean;
  etag: string;
}

const pkg = buildPackage({ frames: 48000 * 10 }).bytes;
const served: Served = { requests: 0, bytes: 0, failNext: 0, ranges: true, etag: '"v1"' };
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    served.requests++;
    if (served.failNext > 0) {
      served.failNext--;
      res.writeHead(503).end();
      return;
    }
    const body = req.url === '/empty' ? new Uint8Array(0) : pkg;
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!served.ranges || !m) {
      res.writeHead(200, { 'Content-Length': body.length }).end(body);
      served.bytes += body.length;
      return;
    }
    const a = Number(m[1]);
    const b = Math.min(Number(m[2]), body.length - 1);
    if (a >= body.length) {
      res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
      return;
    }
    const part = body.subarray(a, b + 1);
    served.bytes += part.length;
    res.writeHead(206, { 'Content-Range': `bytes ${a}-${b}/${body.length}`, 'Content-Length': part.length, ETag: served.etag }).end(part);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function reset(): void {
  Object.assign(served, { requests: 0, bytes: 0, failNext: 0, ranges: true, etag: '"v1"' });
}

describe('HttpSource', () => {
  it('reads any range exactly like the bytes (cache and direct reads)', async () => {
    reset();
    const src = await HttpSource.open(`${base}/p.stempack`, { readAhead: 4096, cacheBlocks: 2 });
    const mem = new BytesSource(pkg);
    expect(src.size).toBe(pkg.length);
    for (const [o, n] of [[0, 10], [5, 100], [4000, 200], [pkg.length - 7, 100], [100_000, 50_000], [pkg.length + 5, 10], [-3, 5]] as const) {
      expect(await src.read(o, n)).toEqual(await mem.read(o, n));
    }
  });

  it('validate --level headers over HTTP reads a few kilobytes of a large package', async () => {
    reset();
    const src = await HttpSource.open(`${base}/p.stempack`);
    const r = await validate({ source: src, name: 'p.stempack' }, { level: 'headers' });
    expect(r.valid).toBe(true);
    expect(pkg.length).toBeGreaterThan(5_000_000);
    expect(served.bytes).toBeLessThan(400 * 1024);
    expect(served.bytes).toBe(src.stats.bytes);
  });

  it('full validation over HTTP gives the report the bytes give', async () => {
    reset();
    const src = await HttpSource.open(`${base}/p.stempack`);
    const a = await validate({ source: src, name: 'p.stempack' }, { level: 'full' });
    const b = await validate({ source: new BytesSource(pkg), name: 'p.stempack' }, { level: 'full' });
    expect(a).toEqual(b);
    expect(a.files.length).toBeGreaterThan(1);
  });

  it('retries failed requests a bounded number of times', async () => {
    reset();
    served.failNext = 2;
    const src = await HttpSource.open(`${base}/p.stempack`, { retryDelayMs: 1, retries: 2 });
    expect(src.size).toBe(pkg.length);
    expect(served.requests).toBe(3);
    reset();
    served.failNext = 10;
    await expect(HttpSource.open(`${base}/p.stempack`, { retryDelayMs: 1, retries: 2 })).rejects.toBeInstanceOf(HttpSourceError);
    expect(served.requests).toBe(3);
  });

  it('refuses servers without range support, files that change, and serves empty files', async () => {
    reset();
    served.ranges = false;
    await expect(HttpSource.open(`${base}/p.stempack`)).rejects.toMatchObject({ status: 200 });
    reset();
    const src = await HttpSource.open(`${base}/p.stempack`, { readAhead: 1024 });
    served.etag = '"v2"';
    await expect(src.read(500_000, 10)).rejects.toMatchObject({ status: 412 });
    reset();
    const empty = await HttpSource.open(`${base}/empty`);
    expect(empty.size).toBe(0);
    expect((await empty.read(0, 10)).length).toBe(0);
  });
});

describe('HttpSource against a hostile server (issue #19)', () => {
  const small = buildPackage({ frames: 48000 }).bytes;
  let hs: HostileServer;
  beforeAll(async () => {
    hs = await startHostileServer(small);
  });
  afterAll(() => hs.close());
  /** Good answers for the first `n` requests, then `b`. */
  const after = (n: number, b: Behaviour) => (k: number) => (k < n ? { kind: 'ok' as const } : b);
  const fast = { retryDelayMs: 1, retries: 1, readAhead: 4096 };
  const headersOver = async (src: HttpSource) => validate({ source: src, name: 'p.stempack' }, { level: 'headers' });

  it('an error status after the first request: an HttpSourceError naming the status and the range, after the retries', async () => {
    hs.setPlan(after(1, { kind: 'status', status: 500 }));
    const src = await HttpSource.open(hs.url(), fast);
    const e = await headersOver(src).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpSourceError);
    expect(e).toMatchObject({ status: 500, reason: 'status' });
    expect((e as Error).message).toMatch(/HTTP 500.*bytes \d+-\d+.*\(2 attempts\)/);
    expect(hs.log.requests).toBe(3);
  });

  it('a short body (retried), a Content-Range that does not answer the request, a lying size then 416', async () => {
    hs.setPlan(after(1, { kind: 'short', keep: 10 }));
    let src = await HttpSource.open(hs.url(), fast);
    await expect(headersOver(src)).rejects.toMatchObject({ reason: 'short', message: expect.stringMatching(/ended after 10 of the \d+ bytes/) });
    expect(hs.log.requests).toBe(3);

    hs.setPlan(after(1, { kind: 'range-shift', by: 7 }));
    src = await HttpSource.open(hs.url(), fast);
    await expect(headersOver(src)).rejects.toMatchObject({ reason: 'range', message: expect.stringContaining('Content-Range') });
    expect(hs.log.requests).toBe(2); // not retried

    // the first answer claims a file four times as large; reading its end gives 416
    hs.setPlan((k) => (k === 0 ? { kind: 'total', total: small.length * 4 } : { kind: 'ok' }));
    src = await HttpSource.open(hs.url(), fast);
    expect(src.size).toBe(small.length * 4);
    const e = (await headersOver(src).catch((x: unknown) => x)) as HttpSourceError;
    expect(e).toMatchObject({ status: 416, reason: 'range' });
    expect(e.message).toContain(`it said was ${small.length * 4} bytes`);
    expect(e.message).toContain(`${small.length} bytes`);
  });

  it('an ETag or a size that changes between requests: the read fails as a changed file', async () => {
    hs.setPlan(after(1, { kind: 'etag', etag: '"v2"' }));
    let src = await HttpSource.open(hs.url(), fast);
    await expect(src.read(small.length - 100, 10)).rejects.toMatchObject({ status: 412, reason: 'changed', message: expect.stringContaining('ETag') });
    hs.setPlan(after(1, { kind: 'total', total: small.length + 1 }));
    src = await HttpSource.open(hs.url(), fast);
    await expect(src.read(small.length - 100, 10)).rejects.toMatchObject({ reason: 'changed', message: expect.stringContaining(`${small.length + 1} bytes`) });
  });

  it('an endless 206 body: the requested bytes are read, the rest is not', async () => {
    hs.setPlan(after(1, { kind: 'endless' }));
    const src = await HttpSource.open(hs.url(), { ...fast, readAhead: 1000 });
    const before = src.stats.bytes;
    const got = await src.read(50_000, 300_000);
    expect(got.length).toBe(300_000);
    expect(got.every((x) => x === 0x41)).toBe(true);
    expect(src.stats.bytes - before).toBe(300_000);
    // the server got to write at most what the socket buffers took before the client hung up
    await new Promise((r) => setTimeout(r, 50));
    expect(hs.log.written).toBeLessThan(64 * 1024 * 1024);
    // a body longer than the range is cut where the range ends
    hs.setPlan(after(1, { kind: 'extra', extra: 5000 }));
    const src2 = await HttpSource.open(hs.url(), { ...fast, readAhead: 1000 });
    expect(await src2.read(2000, 100)).toEqual(small.subarray(2000, 2100));
  });

  it('a server that stalls (before the headers or inside the body) fails after the time limit', async () => {
    for (const b of [{ kind: 'stall' }, { kind: 'stall-body', keep: 100 }] as Behaviour[]) {
      hs.setPlan(after(1, b));
      const src = await HttpSource.open(hs.url(), { ...fast, timeoutMs: 150 });
      const t0 = performance.now();
      await expect(src.read(100_000, 5000)).rejects.toMatchObject({ reason: 'timeout', message: expect.stringContaining('sent nothing for 0.15 s') });
      const ms = performance.now() - t0;
      expect(ms).toBeGreaterThanOrEqual(2 * 150 - 20); // two attempts
      expect(ms).toBeLessThan(5000);
    }
  });

  it('redirects: followed a few hops, a loop stops and says "redirect loop", credentials stay on their origin', async () => {
    hs.setPlan((_k, path) => (path === '/a' ? { kind: 'redirect', to: '/b' } : path === '/b' ? { kind: 'redirect', to: '/p.stempack', status: 307 } : { kind: 'ok' }));
    const ok = await HttpSource.open(hs.url('/a'), fast);
    expect(ok.size).toBe(small.length);

    hs.setPlan((_k, path) => ({ kind: 'redirect', to: path === '/x' ? '/y' : '/x' }));
    await expect(HttpSource.open(hs.url('/x'), fast)).rejects.toMatchObject({ reason: 'redirect', message: expect.stringContaining('redirect loop') });
    expect(hs.log.requests).toBe(2); // not retried: /x, /y, then /x again

    let hop = 0;
    hs.setPlan(() => ({ kind: 'redirect', to: `/r${++hop}` }));
    await expect(HttpSource.open(hs.url('/r0'), { ...fast, maxRedirects: 3 })).rejects.toMatchObject({ reason: 'redirect', message: expect.stringMatching(/redirect loop: more than 3 redirects/) });
    expect(hs.log.requests).toBe(4);

    hs.setPlan(() => ({ kind: 'redirect', to: 'file:///etc/passwd' }));
    await expect(HttpSource.open(hs.url(), fast)).rejects.toMatchObject({ reason: 'redirect', message: expect.stringContaining('file: URL') });

    // another origin (another port): the Authorization header is not sent there
    const other = await startHostileServer(small);
    try {
      hs.setPlan(() => ({ kind: 'redirect', to: other.url() }));
      const src = await HttpSource.open(hs.url(), { ...fast, headers: { Authorization: 'Bearer secret', 'X-Trace': '1' } });
      expect(src.size).toBe(small.length);
      expect(hs.log.headers[0]!.authorization).toBe('Bearer secret');
      expect(other.log.headers[0]!.authorization).toBeUndefined();
      expect(other.log.headers[0]!['x-trace']).toBe('1');
    } finally {
      await other.close();
    }
  });

  it('every misbehaviour ends in an HttpSourceError or a report, never another exception', async () => {
    const all: Behaviour[] = [
      { kind: 'status', status: 404 },
      { kind: 'status', status: 503 },
      { kind: 'no-ranges' },
      { kind: 'short', keep: 0 },
      { kind: 'extra', extra: 3 },
      { kind: 'range-shift', by: -1 },
      { kind: 'total', total: 10 },
      { kind: 'refuse' },
      { kind: 'etag', etag: 'W/"x"' },
      { kind: 'endless' },
      { kind: 'stall' },
      { kind: 'redirect', to: '/p.stempack' },
    ];
    for (const b of all) {
      for (const first of [0, 1, 3]) {
        hs.setPlan(after(first, b));
        const r = await HttpSource.open(hs.url(), { ...fast, timeoutMs: 100 })
          .then((src) => headersOver(src))
          .then(
            (rep) => rep.level,
            (e: unknown) => e,
          );
        if (r !== 'headers') expect(r, `${b.kind} after ${first}`).toBeInstanceOf(HttpSourceError);
      }
    }
  });
});
