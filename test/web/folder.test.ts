// End-to-end: the built page validates a folder of loose stems and their mix (picked with the
// webkitdirectory input, or several files picked at once) in a worker, with the same report as
// `validateFolder()` in Node; waveforms are drawn mix first; the mix can be chosen when the guess fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildPackage, writeLooseFiles } from '../helpers/package-builder.js';
import { validateFolder, type FolderOptions } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { computeOverviews, openLooseAudio } from '../../src/report/index.js';
import { orderLoose } from '../../src/validate/loose.js';
import type { Report } from '../../src/model/report.js';
import { buildPage, serveDir } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const RATE = 48000;
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

type PageState = { report: Report; error: string | null; overviews: unknown; looseInfo: unknown };

/** The Node report for a folder, as the page should show it (package path: the folder's name). */
async function nodeReport(dir: string, opts: FolderOptions, path = basename(dir)): Promise<Report> {
  const r = JSON.parse(JSON.stringify(await validateFolder(dir, { measure: 'all', ...opts }))) as Report;
  expect(r.package.path).toBe(dir);
  r.package.path = path;
  return r;
}

describe.skipIf(!hasChromium)('browser validator: loose files (headless Chromium)', () => {
  let out = '';
  let server: { origin: string; close(): Promise<void> };
  let browser: Browser;
  let page: Page;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'stempack-webf-'));
    await buildPage(out);
    server = await serveDir(out);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/*', (route) => (route.request().url().startsWith(server.origin) ? route.continue() : route.abort()));
    page = await context.newPage();
    await page.goto(server.origin + '/');
    await page.waitForLoadState('networkidle');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const c of cleanups) c();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  async function settle(): Promise<PageState> {
    await page.waitForFunction(() => document.body.dataset['state'] === 'done' || document.body.dataset['state'] === 'error', null, { timeout: 30_000 });
    const st = JSON.parse(await page.evaluate(() => JSON.stringify((globalThis as unknown as { stempack: unknown }).stempack))) as PageState;
    expect(st.error).toBeNull();
    return st;
  }

  it('a picked folder: VALID, same report as validateFolder, mix-first waveforms and residual, folder label', async () => {
    const l = writeLooseFiles(buildPackage({ frames: RATE }));
    cleanups.push(l.cleanup);
    await page.setInputFiles('#folder', l.dir);
    const st = await settle();
    expect(st.report).toEqual(await nodeReport(l.dir, {}));
    expect(st.report.valid).toBe(true);
    expect(st.report.null).toMatchObject({ exact: true });
    expect(await page.textContent('.sp-verdict-word')).toBe('VALID');
    expect(await page.isVisible('#loose')).toBe(true);
    expect(await page.textContent('#loose-kind')).toBe('folder');
    expect(await page.textContent('#loose-name')).toBe(basename(l.dir));
    expect(await page.inputValue('#mix')).toBe('mix.wav');
    expect(st.looseInfo).toEqual({ folder: basename(l.dir), names: ['bass.wav', 'drums.wav', 'mix.wav', 'vox.wav'], mix: 'mix.wav', candidates: ['mix.wav'] });
    const codes = await page.$$eval('.sp-finding', (els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes.sort()).toEqual(st.report.findings.map((f) => f.code).sort());
    const lanes = await page.$$eval('svg.sp-wave', (els) => els.map((e) => e.getAttribute('data-path')));
    expect(lanes).toEqual(['mix.wav', 'bass.wav', 'drums.wav', 'vox.wav', 'residual']);
    const dLens = await page.$$eval('path.sp-env', (els) => els.map((e) => (e.getAttribute('d') ?? '').length));
    expect(dLens.length).toBe(4);
    for (const n of dLens) expect(n).toBeGreaterThan(1000);
    // the overviews equal the library's over the same files, in the validator's order
    const files = readdirSync(l.dir).map((n) => ({ name: n, source: new BytesSource(new Uint8Array(readFileSync(join(l.dir, n))), n) }));
    const { ordered, mix } = orderLoose(files);
    const node = await computeOverviews((await openLooseAudio(ordered.map((f) => ({ path: f.name, src: f.source, isMix: f.name === mix })))).files, { bins: 1500 });
    expect(st.overviews).toEqual(JSON.parse(JSON.stringify(node)));
    // a stem's region decodes from the loose file for playback
    await page.selectOption('#source', 'bass.wav');
    await page.fill('#start', '0.5');
    await page.fill('#length', '0.1');
    await page.click('#play');
    await page.waitForFunction(() => (globalThis as unknown as { stempack: { lastPlay: unknown } }).stempack.lastPlay !== null);
    const played = await page.evaluate(() => (globalThis as unknown as { stempack: { lastPlay: { which: string; startFrame: number; frames: number; peak: number } } }).stempack.lastPlay);
    expect(played).toMatchObject({ which: 'bass.wav', startFrame: RATE / 2, frames: RATE / 10 });
    expect(played.peak).toBeGreaterThan(0.1);
    await page.click('#stop');
  });

  it('a picked folder with a subfolder, a session file, an MP3 and a README: the same report as validateFolder, the README listed as ignored', async () => {
    const l = writeLooseFiles(buildPackage({ frames: RATE / 10 }));
    cleanups.push(l.cleanup);
    mkdirSync(join(l.dir, 'Stems'));
    renameSync(join(l.dir, 'drums.wav'), join(l.dir, 'Stems', 'drums.wav'));
    writeFileSync(join(l.dir, 'Song.ptx'), 'x');
    writeFileSync(join(l.dir, 'guitar.mp3'), new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]));
    writeFileSync(join(l.dir, 'README.txt'), 'notes');
    await page.setInputFiles('#folder', l.dir);
    const st = await settle();
    expect(st.report).toEqual(await nodeReport(l.dir, {}));
    expect(st.report.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.path])).toEqual([['SP-SES-001', 'Song.ptx'], ['SP-AUD-001', 'guitar.mp3']]);
    expect(st.report.files.map((f) => f.path)).toEqual(['mix.wav', 'Stems/drums.wav', 'bass.wav', 'vox.wav']);
    expect(await page.textContent('.sp-verdict-word')).toBe('INVALID');
    expect(await page.textContent('#loose-ignored')).toContain('README.txt');
  });

  it('a stem one sample short: INVALID with SP-LEN-001, same report as validateFolder', async () => {
    const l = writeLooseFiles(buildPackage({ frames: RATE, hooks: { audio: (it) => void (it.id === 'bass' && (it.frames -= 1)) } }));
    cleanups.push(l.cleanup);
    await page.setInputFiles('#folder', l.dir);
    const st = await settle();
    expect(st.report).toEqual(await nodeReport(l.dir, {}));
    expect(st.report.valid).toBe(false);
    expect(await page.textContent('.sp-verdict-word')).toBe('INVALID');
    const len = st.report.findings.filter((f) => f.code === 'SP-LEN-001');
    expect(len.map((f) => [f.path, f.params['expected'], f.params['found']])).toEqual([['bass.wav', RATE, RATE - 1]]);
    const codes = await page.$$eval('.sp-finding', (els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toContain('SP-LEN-001');
  });

  it('several files picked at once, no mix-like name: asks for the mix; choosing one re-validates', async () => {
    const l = writeLooseFiles(buildPackage({ frames: RATE / 4 }), (p) => (p === 'mix/mix.wav' ? 'song.wav' : p.split('/').pop()!));
    cleanups.push(l.cleanup);
    const paths = readdirSync(l.dir).map((n) => join(l.dir, n));
    await page.setInputFiles('#file', paths);
    let st = await settle();
    expect(await page.textContent('#loose-kind')).toBe('files');
    expect(st.report).toEqual(await nodeReport(l.dir, {}, '4 files'));
    expect(st.looseInfo).toMatchObject({ mix: null, candidates: [] });
    expect(await page.inputValue('#mix')).toBe('');
    expect(st.report.null).not.toMatchObject({ exact: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-folder-no-mix.png'), fullPage: false });
    await page.selectOption('#mix', 'song.wav');
    st = await settle();
    expect(st.report).toEqual(await nodeReport(l.dir, { mix: 'song.wav' }, '4 files'));
    expect(st.report.valid).toBe(true);
    expect(st.report.null).toMatchObject({ exact: true });
    expect(await page.inputValue('#mix')).toBe('song.wav');
    const lanes = await page.$$eval('svg.sp-wave', (els) => els.map((e) => e.getAttribute('data-path')));
    expect(lanes).toEqual(['song.wav', 'bass.wav', 'drums.wav', 'vox.wav', 'residual']);
  });

  it('several files dropped on the page: loose files, same report as validateFolder', async () => {
    const l = writeLooseFiles(buildPackage({ frames: RATE / 10 }), (p) => (p === 'mix/mix.wav' ? 'Song Master.wav' : p.split('/').pop()!));
    cleanups.push(l.cleanup);
    const files = readdirSync(l.dir).map((n) => ({ name: n, b64: readFileSync(join(l.dir, n)).toString('base64') }));
    await page.evaluate((fs) => {
      const dt = new DataTransfer();
      for (const f of fs) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: 'audio/wav' }));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, files);
    const st = await settle();
    expect(await page.textContent('#loose-kind')).toBe('files');
    expect(st.report).toEqual(await nodeReport(l.dir, {}, '4 files'));
    expect(st.report.files[0]!.path).toBe('Song Master.wav');
    expect(st.report.valid).toBe(true);
    expect(await page.inputValue('#mix')).toBe('Song Master.wav');
  });
});
