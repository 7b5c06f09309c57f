// `stempack validate` with many packages and with URLs, as a user runs it: JSON lines and a
// summary, exit codes, --resume, a folder of packages, and a package over HTTP ranges
// (a local node:http server on 127.0.0.1; the CLI runs asynchronously so the server can answer).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, stempack } from './run.js';
import { buildPackage } from '../helpers/package-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'stempack-cli-batch-'));
const good = buildPackage({ frames: 4800 }).bytes;
const short = buildPackage({ frames: 4800, hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } }).bytes;
let server: Server;
let base = '';
let servedBytes = 0;

beforeAll(async () => {
  writeFileSync(join(dir, 'good.stempack'), good);
  writeFileSync(join(dir, 'short.stempack'), short);
  utimesSync(join(dir, 'short.stempack'), new Date(2021, 0, 1), new Date(2021, 0, 1));
  server = createServer((req, res) => {
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!m) return void res.writeHead(200).end(good);
    const a = Number(m[1]);
    const b = Math.min(Number(m[2]), good.length - 1);
    servedBytes += b + 1 - a;
    res.writeHead(206, { 'Content-Range': `bytes ${a}-${b}/${good.length}` }).end(good.subarray(a, b + 1));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function runAsync(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [resolve(ROOT, 'dist/src/cli/main.js'), ...args], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout) =>
      res({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout }),
    );
  });
}

const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('stempack validate (batch, URL)', () => {
  it('several packages: one JSON line each, a summary last, exit 1 when one is invalid', () => {
    const r = stempack(['validate', join(dir, 'good.stempack'), join(dir, 'short.stempack'), '--jsonl', '--level', 'headers']);
    expect(r.code).toBe(1);
    const ls = lines(r.stdout);
    expect(ls.length).toBe(3);
    expect(ls.at(-1)).toMatchObject({ type: 'summary', packages: 2, valid: 1, invalid: 1, failed: 0 });
    const shortLine = ls.find((l) => String(l['path']).endsWith('short.stempack'))!;
    expect(shortLine).toMatchObject({ type: 'package', valid: false, level: 'headers' });
    expect((shortLine['codes'] as Record<string, number>)['SP-LEN-001']).toBe(1);
  });

  it('a folder of packages is a batch; --resume skips what a JSON Lines file reports; a missing one is exit 2', () => {
    const first = stempack(['validate', dir, '--jsonl', '--jobs', '2']);
    expect(first.code).toBe(1);
    const jl = join(dir, 'done.jsonl');
    writeFileSync(jl, first.stdout);
    const again = stempack(['validate', dir, '--jsonl', '--resume', jl]);
    expect(lines(again.stdout)).toEqual([expect.objectContaining({ type: 'summary', packages: 2, skipped: 2 })]);
    expect(again.code).toBe(0);
    const text = stempack(['validate', join(dir, 'good.stempack'), join(dir, 'gone.stempack')]);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('gone.stempack');
  });

  it('a single package keeps the single report; a URL validates over ranges reading only kilobytes', async () => {
    const one = stempack(['validate', join(dir, 'good.stempack'), '--json', '--level', 'headers']);
    expect(JSON.parse(one.stdout)).toMatchObject({ stempackReport: '1.0', valid: true });
    servedBytes = 0;
    const r = await runAsync(['validate', `${base}/songs/good.stempack`, '--level', 'headers', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, level: 'headers', package: { path: 'good.stempack', bytes: good.length } });
    expect(servedBytes).toBeLessThan(200 * 1024);
    const full = await runAsync(['validate', `${base}/good.stempack`, '--json']);
    expect(JSON.parse(full.stdout)).toMatchObject({ valid: true, level: 'full' });
  });
});
