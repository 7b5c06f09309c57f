// Builds the offline validator page: `vite build --config web/vite.config.ts` → web/dist, a static
// folder with relative asset URLs (serve it from anywhere; no network at run time).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  // one file per worker: the library loads its full-level code lazily (a faster CLI start), but
  // the page must not fetch anything once loaded (it works offline), so such imports are inlined
  worker: { format: 'es', rollupOptions: { output: { inlineDynamicImports: true } } },
  server: { host: '127.0.0.1', fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  preview: { host: '127.0.0.1' },
});
