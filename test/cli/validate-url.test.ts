// `stempack validate <url>` against a hostile server (127.0.0.1, started here): whatever the
// server does after the first request — an error status, a short body, a lying size, a changed
// ETag, a stall, a redirect loop — the command exits 2 with a message that says what the server
// did, never "internal error" and a stack trace (issue #19).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from './run.js';
import { buildPackage } from '../helpers/package-builder.js';
import { startHostileServer, type Behaviour, type HostileServer } from '../helpers/hostile-server.js';

const pkg = buildPackage({ frames: 48000 }).bytes;
let hs: HostileServer;
beforeAll(async () => {
  hs = await startHostileServer(pkg);
});
afterAll(() => hs.close());

/** The CLI, asynchronously (the server answers from this process). */
function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [resolve(ROOT, 'dist/src/cli/main.js'), ...args], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) =>
      res({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe('stempack validate <url> against a hostile server', () => {
  const cases: [string, (n: number) => Behaviour, RegExp][] = [
    ['HTTP 500 after the first request', (n) => (n === 0 ? { kind: 'ok' } : { kind: 'status', status: 500 }), /HTTP 500.*bytes \d+-\d+.*attempts/],
    ['a short body', (n) => (n === 0 ? { kind: 'ok' } : { kind: 'short', keep: 5 }), /body ended after 5 of the \d+ bytes/],
    ['a Content-Range that does not match', (n) => (n === 0 ? { kind: 'ok' } : { kind: 'range-shift', by: 3 }), /Content-Range/],
    ['a lying size, then 416', (n) => (n === 0 ? { kind: 'total', total: pkg.length * 3 } : { kind: 'ok' }), new RegExp(`HTTP 416.*${pkg.length * 3} bytes`)],
    ['an ETag that changes', (n) => (n === 0 ? { kind: 'ok' } : { kind: 'etag', etag: '"other"' }), /changed while it was read.*ETag/],
    ['a server that stalls', (n) => (n === 0 ? { kind: 'ok' } : { kind: 'stall' }), /sent nothing for 0.3 s/],
    ['a redirect loop', () => ({ kind: 'redirect', to: '/loop' }), /redirect loop/],
  ];
  for (const [what, plan, message] of cases) {
    it(`${what}: exit 2 and what the server did`, async () => {
      hs.setPlan(plan);
      const r = await run(['validate', hs.url('/loop-or-not.stempack'), '--level', 'headers', '--timeout', '0.3']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^stempack: http:\/\/127\.0\.0\.1:\d+\/loop-or-not\.stempack: /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|    at /);
      expect(r.stdout).toBe('');
    });
  }

  it('--timeout must be a positive number of seconds', async () => {
    const r = await run(['validate', hs.url(), '--timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--timeout');
  });
});
