/**
 * A range-serving HTTP server on 127.0.0.1 that misbehaves on request: every request gets a
 * {@link Behaviour} from a plan (by request number and path), so a test or a fuzz target can
 * make a server answer 500 after the first request, send short or endless bodies, lie about
 * ranges and sizes, change its ETag, stall, or redirect in a loop. Started inside the test;
 * nothing leaves the machine.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one request. */
export type Behaviour =
  /** The requested range, as a good server does (206, Content-Range, ETag "v1"). */
  | { kind: 'ok' }
  /** This status with a small body. */
  | { kind: 'status'; status: number }
  /** 200 with the whole file (no range support). */
  | { kind: 'no-ranges' }
  /** The right headers, then only the first `keep` bytes of the range. */
  | { kind: 'short'; keep: number }
  /** `extra` bytes past the end of the range (Content-Range unchanged). */
  | { kind: 'extra'; extra: number }
  /** A Content-Range whose start is moved by `by` bytes. */
  | { kind: 'range-shift'; by: number }
  /** A Content-Range giving this total size (the body is the real range). */
  | { kind: 'total'; total: number }
  /** 416 with `bytes * /size` (the real size). */
  | { kind: 'refuse' }
  /** The range, with another ETag. */
  | { kind: 'etag'; etag: string }
  /** 206 with the right headers and a body that never ends. */
  | { kind: 'endless' }
  /** No answer at all (the request hangs until the client gives up). */
  | { kind: 'stall' }
  /** The headers and `keep` bytes, then nothing more. */
  | { kind: 'stall-body'; keep: number }
  /** A redirect (`status`, default 302) to `to` (resolved against the request URL). */
  | { kind: 'redirect'; to: string; status?: number };

/** What the server saw and sent. */
export interface ServerLog {
  requests: number;
  /** Bytes of the file the clients asked for (sum of the requested range lengths). */
  requested: number;
  /** Body bytes written (an endless body counts what went out before the client hung up). */
  written: number;
  /** Request headers, in order. */
  headers: IncomingMessage['headers'][];
  /** Request paths, in order. */
  paths: string[];
}

export interface HostileServer {
  /** `http://127.0.0.1:<port><path>`. */
  url(path?: string): string;
  readonly port: number;
  readonly log: ServerLog;
  /** Replace the plan (the request count starts again at 0). */
  setPlan(plan: Plan): void;
  close(): Promise<void>;
}

/** The behaviour of request `n` (0-based) for `path`. */
export type Plan = (n: number, path: string) => Behaviour;

/** Start a server for `body` on 127.0.0.1 (a free port). */
export async function startHostileServer(body: Uint8Array, plan: Plan = () => ({ kind: 'ok' })): Promise<HostileServer> {
  let current = plan;
  const log: ServerLog = { requests: 0, requested: 0, written: 0, headers: [], paths: [] };
  const server = createServer((req, res) => {
    const n = log.requests++;
    log.headers.push(req.headers);
    log.paths.push(req.url ?? '/');
    answer(req, res, current(n, req.url ?? '/'), body, log);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    log,
    url: (path = '/p.stempack') => `http://127.0.0.1:${port}${path}`,
    setPlan(p) {
      current = p;
      Object.assign(log, { requests: 0, requested: 0, written: 0, headers: [], paths: [] });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function answer(req: IncomingMessage, res: ServerResponse, b: Behaviour, body: Uint8Array, log: ServerLog): void {
  const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  const a = m ? Number(m[1]) : 0;
  const e = m ? Math.min(Number(m[2]), body.length - 1) : body.length - 1;
  if (m) log.requested += Math.max(0, Number(m[2]) + 1 - a);
  const send = (status: number, headers: Record<string, string | number>, data?: Uint8Array): void => {
    res.writeHead(status, headers);
    if (data) log.written += data.length;
    res.end(data);
  };
  const range = (): Record<string, string | number> => ({ 'Content-Range': `bytes ${a}-${e}/${body.length}`, ETag: '"v1"' });
  if (b.kind === 'redirect') return send(b.status ?? 302, { Location: b.to });
  if (b.kind === 'status') return send(b.status, {}, new TextEncoder().encode(`status ${b.status}`));
  if (b.kind === 'stall') return; // the client gives up (or the server closes)
  if (b.kind === 'no-ranges' || !m) return send(200, { 'Content-Length': body.length }, body);
  if (a >= body.length || b.kind === 'refuse') return send(416, { 'Content-Range': `bytes */${body.length}` });
  const part = body.subarray(a, e + 1);
  switch (b.kind) {
    case 'ok':
      return send(206, { ...range(), 'Content-Length': part.length }, part);
    case 'short':
      return send(206, range(), part.subarray(0, Math.max(0, Math.min(part.length, b.keep))));
    case 'extra': {
      const more = new Uint8Array(part.length + Math.max(0, b.extra));
      more.set(part);
      return send(206, range(), more);
    }
    case 'range-shift':
      return send(206, { 'Content-Range': `bytes ${Math.max(0, a + b.by)}-${e}/${body.length}`, ETag: '"v1"' }, part);
    case 'total':
      return send(206, { 'Content-Range': `bytes ${a}-${e}/${b.total}`, ETag: '"v1"' }, part);
    case 'etag':
      return send(206, { ...range(), ETag: b.etag, 'Content-Length': part.length }, part);
    case 'stall-body':
      res.writeHead(206, range());
      res.write(part.subarray(0, Math.max(0, Math.min(part.length, b.keep))));
      log.written += Math.min(part.length, Math.max(0, b.keep));
      return; // never ends
    case 'endless': {
      res.writeHead(206, range());
      const chunk = new Uint8Array(64 * 1024).fill(0x41);
      let open = true;
      res.on('close', () => (open = false));
      const pump = (): void => {
        while (open) {
          log.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
      return;
    }
  }
}
