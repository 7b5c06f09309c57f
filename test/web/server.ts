// Test helpers for the page: build it with Vite into a temp folder and serve that folder from a
// tiny static server on 127.0.0.1 (no network beyond loopback).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Build web/ into `outDir` (vite build with the page's config). */
export async function buildPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  // the repository root, from test/web/ or from its compiled copy in dist/test/web/ (bench/browser.ts)
  const root = [resolve(import.meta.dirname, '../..'), resolve(import.meta.dirname, '../../..')].find((r) => existsSync(join(r, 'web/vite.config.ts')))!;
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
}

/** Serve `dir` on 127.0.0.1 (random port). */
export async function serveDir(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let p = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
      if (p === '' || p.endsWith('/')) p += 'index.html';
      const file = join(dir, p);
      if (!file.startsWith(dir)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
