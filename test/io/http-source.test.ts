// HttpSource against a local range-serving HTTP server (node:http on 127.0.0.1, no network):
// the headers level reads only a few kilobytes, full validation over HTTP gives the same report
// as from the file, failures are retried a bounded number of times, servers without ranges and
// files that change while being read are refused.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSource, HttpSourceError, BytesSource } from '../../src/io/index.js';
import { validate } from '../../src/validate/index.js';
import { buildPackage } from '../helpers/package-builder.js';

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
