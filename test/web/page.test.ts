// End-to-end: the built page in headless Chromium (Debian's /usr/bin/chromium, never a
// downloaded browser) validates a dropped package in a worker, and its report equals the
// library's report for the same bytes; waveforms are drawn; a failing null is marked where it
// fails; regions decode for playback; exports work; no request leaves the local origin. Package mode
// shows package controls only; the analysis workers (one per core) give the same report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildPackage, writeLooseFiles, type BuiltPackage } from '../helpers/package-builder.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { validate } from '../../src/validate/index.js';
import { packageOverviews } from '../../src/report/index.js';
import type { Report } from '../../src/model/report.js';
import { buildPage, serveDir } from './server.js';
import { signPackage, testSigner, withSignatureEntries } from '../helpers/sign.js';
import { formatKeyLine } from '../../src/sign/keys.js';
import { parseAllowedSigners } from '../../src/sign/allowed-signers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`test/web: SKIPPED — ${CHROMIUM} is missing (CI installs Debian's chromium; never download a browser)`);
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const RATE = 48000;

/** 1 s stereo package; `invertVox` flips the vocal's polarity over [a, b) after the mix was summed. */
function makePackage(invertVox?: [number, number]): BuiltPackage {
  return buildPackage({
    frames: RATE,
    hooks: {
      audio(it) {
        if (invertVox && it.id === 'vox') for (let k = invertVox[0] * 2; k < invertVox[1] * 2; k++) it.samples[k] = -it.samples[k]!;
      },
    },
  });
}

async function nodeReport(bytes: Uint8Array, name: string, profile?: string): Promise<Report> {
  const r = await validate({ source: new BytesSource(bytes, name), name }, { measure: 'all', ...(profile ? { profile } : {}) });
  return JSON.parse(JSON.stringify(r)) as Report;
}

describe.skipIf(!hasChromium)('browser validator (headless Chromium)', () => {
  let dir = '';
  let server: { origin: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  let afterLoad = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stempack-web-'));
    await buildPage(dir);
    server = await serveDir(dir);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    });
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    context.on('request', (r) => void requests.push(r.url()));
    // anything that is not the local origin is refused (and recorded above, so the test fails)
    await context.route('**/*', (route) => (route.request().url().startsWith(server.origin) ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('worker', (w) => w.on('console', () => undefined));
    await page.goto(server.origin + '/');
    await page.waitForLoadState('networkidle');
    afterLoad = requests.length;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function drop(bytes: Uint8Array, name: string): Promise<Report> {
    await page.setInputFiles('#file', { name, mimeType: 'application/vnd.stempack+zip', buffer: Buffer.from(bytes) });
    await page.waitForFunction(() => document.body.dataset['state'] === 'done' || document.body.dataset['state'] === 'error', null, { timeout: 30_000 });
    const err = await page.evaluate(() => (globalThis as unknown as { stempack: { error: string | null } }).stempack.error);
    expect(err).toBeNull();
    // through JSON, as the exported file has it (-0 becomes 0 on both sides)
    return JSON.parse(await page.evaluate(() => JSON.stringify((globalThis as unknown as { stempack: { report: Report } }).stempack.report))) as Report;
  }

  it('validates a good package: VALID, same report as the library, waveforms drawn', async () => {
    const pkg = makePackage();
    const report = await drop(pkg.bytes, 'good.stempack');
    expect(report).toEqual(await nodeReport(pkg.bytes, 'good.stempack'));
    expect(report.valid).toBe(true);
    expect(await page.textContent('.sp-verdict-word')).toBe('VALID');
    await packageControlsOnly();
    const codes = await page.$$eval('.sp-finding', (els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes.sort()).toEqual(report.findings.map((f) => f.code).sort());
    // one lane per file plus the residual, every envelope drawn
    const lanes = await page.$$eval('svg.sp-wave', (els) => els.map((e) => e.getAttribute('data-path')));
    expect(lanes).toEqual([...report.files.map((f) => f.path), 'residual']);
    const dLens = await page.$$eval('path.sp-env', (els) => els.map((e) => (e.getAttribute('d') ?? '').length));
    expect(dLens.length).toBe(report.files.length);
    for (const n of dLens) expect(n).toBeGreaterThan(1000);
    const box = await page.locator('path.sp-env').first().boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    expect(box!.height).toBeGreaterThan(5);
    // the overviews equal the library's
    const ov = await page.evaluate(() => (globalThis as unknown as { stempack: { overviews: unknown } }).stempack.overviews);
    const node = await packageOverviews(new BytesSource(pkg.bytes, 'good.stempack'), { bins: 1500 });
    expect(ov).toEqual(JSON.parse(JSON.stringify(node.overviews)));
    // exact null: the residual is zero everywhere
    expect(report.null?.exact).toBe(true);
  });

  /**
   * Package mode: no folder-mode controls (the "folder" label, the mix chooser), and the verdict
   * and counts once, in the report (the status line says them to screen readers only).
   */
  async function packageControlsOnly(): Promise<void> {
    expect(await page.isVisible('#loose')).toBe(false);
    expect(await page.isVisible('#mix')).toBe(false);
    expect(await page.isVisible('#loose-kind')).toBe(false);
    const box = await page.locator('#status').boundingBox();
    expect(box === null || (box.width <= 1 && box.height <= 1)).toBe(true);
    // what a person sees above the report: the drop zone and the listen/export tools, no summary
    const seen = await page.evaluate(() => {
      const report = document.getElementById('report')!;
      let text = '';
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement!;
        if (report.contains(el) || el.closest('option')) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden') text += n.textContent + ' ';
      }
      return text;
    });
    expect(seen).not.toMatch(/\d+ errors?|warnings|\bvalid\b/i);
  }

  it('package after a folder: the folder controls go away; with analysis workers (forced on a small package) the report and waveforms are the same', async () => {
    const pkg = makePackage([12000, 13000]);
    const loose = writeLooseFiles(pkg);
    try {
      await page.setInputFiles('#folder', loose.dir);
      await page.waitForFunction(() => document.body.dataset['state'] === 'done' || document.body.dataset['state'] === 'error', null, { timeout: 30_000 });
      expect(await page.isVisible('#loose')).toBe(true);
    } finally {
      loose.cleanup();
    }
    const lib = await nodeReport(pkg.bytes, 'workers.stempack');
    const node = await packageOverviews(new BytesSource(pkg.bytes, 'workers.stempack'), { bins: 1500 });
    for (const workers of [2, 3, 0]) {
      await page.evaluate((n) => void ((globalThis as unknown as { stempack: { workers: number } }).stempack.workers = n), workers);
      const report = await drop(pkg.bytes, 'workers.stempack');
      expect(report).toEqual(lib);
      expect(report.null?.pass).toBe(false);
      const phases = await page.evaluate(() => (globalThis as unknown as { stempack: { phases: { workers: number } } }).stempack.phases);
      expect(phases.workers).toBe(workers);
      const ov = await page.evaluate(() => (globalThis as unknown as { stempack: { overviews: unknown } }).stempack.overviews);
      expect(ov).toEqual(JSON.parse(JSON.stringify(node.overviews)));
      await packageControlsOnly();
    }
    await page.evaluate(() => void ((globalThis as unknown as { stempack: { workers?: number } }).stempack.workers = undefined));
  });

  it('shows the signatures of a package dropped with its allowed_signers file, verified with WebCrypto', async () => {
    const signed = await signPackage(makePackage().bytes, testSigner(1, 'mixer@studio'), 'mixer');
    const withLabel = await signPackage(signed.bytes, testSigner(2, 'label@example'), 'label');
    const allowed = `mixer@studio ${formatKeyLine('ssh-ed25519', testSigner(1).publicKeyBlob)}\n`;
    await page.setInputFiles('#file', [
      { name: 'signed.stempack', mimeType: 'application/vnd.stempack+zip', buffer: Buffer.from(withLabel.bytes) },
      { name: 'allowed_signers', mimeType: 'text/plain', buffer: Buffer.from(allowed) },
    ]);
    await page.waitForFunction(() => document.body.dataset['state'] === 'done' || document.body.dataset['state'] === 'error', null, { timeout: 30_000 });
    const report = JSON.parse(await page.evaluate(() => JSON.stringify((globalThis as unknown as { stempack: { report: Report } }).stempack.report))) as Report;
    const lib = await validate({ source: new BytesSource(withLabel.bytes, 'signed.stempack'), name: 'signed.stempack' }, { measure: 'all', signatures: { trust: { signers: parseAllowedSigners(allowed, 'allowed_signers') } } });
    expect(report).toEqual(JSON.parse(JSON.stringify(lib)));
    const rows = await page.$$eval('#signatures tbody tr', (els) => els.map((e) => Array.from(e.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['signatures/label.sig', 'verified', 'unknown signer'],
      ['signatures/mixer.sig', 'verified, allowed signer', 'mixer@studio'],
    ]);
    expect(rows[1]![2]).toMatch(/^ED25519 SHA256:[A-Za-z0-9+/]{43}$/);
    // a package whose manifest was changed after signing: NOT verified, with its code
    const tampered = await withSignatureEntries(makePackage().bytes, [{ entry: 'signatures/mixer.sig', text: signed.text.replace(/.(\n-----END)/, (m, end) => (m[0] === 'A' ? 'B' : 'A') + end) }]);
    await page.setInputFiles('#file', { name: 'tampered.stempack', mimeType: 'application/vnd.stempack+zip', buffer: Buffer.from(tampered) });
    await page.waitForFunction(() => document.body.dataset['state'] === 'done', null, { timeout: 30_000 });
    expect(await page.textContent('#signatures tbody')).toMatch(/NOT verified \(SP-SIG-00[14]\)/);
  });

  it('marks a failing null where it fails, jumps there from the finding, plays the residual', async () => {
    const pkg = makePackage([12000, 24000]);
    const report = await drop(pkg.bytes, 'polarity.stempack');
    expect(report).toEqual(await nodeReport(pkg.bytes, 'polarity.stempack'));
    expect(report.valid).toBe(false);
    expect(await page.textContent('.sp-verdict-word')).toBe('INVALID');
    expect(report.findings.map((f) => f.code)).toContain('SP-NULL-001');
    const ranges = report.null!.failingRanges!;
    expect(ranges.length).toBeGreaterThan(0);
    // the failing span covers the inverted frames and not much more
    expect(Math.min(...ranges.map((r) => r.startFrame))).toBeLessThanOrEqual(12000);
    expect(Math.min(...ranges.map((r) => r.startFrame))).toBeGreaterThan(12000 - RATE / 10);
    expect(Math.max(...ranges.map((r) => r.endFrame))).toBeGreaterThanOrEqual(23999);
    expect(Math.max(...ranges.map((r) => r.endFrame))).toBeLessThan(24000 + RATE / 10);
    // marked on the residual lane with exactly those frames, at the right x
    const marks = await page.$$eval('svg[data-path="residual"] rect.sp-nullfail', (els) =>
      els.map((e) => ({ s: Number(e.getAttribute('data-start-frame')), e: Number(e.getAttribute('data-end-frame')), x: Number(e.getAttribute('x')) })),
    );
    expect(marks.map((m) => [m.s, m.e])).toEqual(ranges.map((r) => [r.startFrame, r.endFrame]));
    expect(marks[0]!.x).toBeCloseTo((ranges[0]!.startFrame / RATE) * 1000, 1);
    // the residual curve rises above the tolerance line inside the range only
    const ov = await page.evaluate(() => (globalThis as unknown as { stempack: { overviews: { framesPerBin: number; residual: { peak: number[] } } } }).stempack.overviews);
    const tol = 10 ** (report.null!.tolerance! / 20);
    const over = ov.residual.peak.map((p, b) => (p > tol ? b * ov.framesPerBin : -1)).filter((f) => f >= 0);
    expect(Math.min(...over)).toBeGreaterThanOrEqual(12000 - ov.framesPerBin);
    expect(Math.max(...over)).toBeLessThan(24000);
    // keyboard: focus a timed finding and press Enter: the cursor shows at its frame
    const jump = page.locator('button.sp-jump').first();
    await jump.focus();
    await page.keyboard.press('Enter');
    const frame = Number(await jump.getAttribute('data-frame'));
    expect(await page.getAttribute('.sp-timeline', 'data-cursor-frame')).toBe(String(frame));
    expect(await page.$$eval('.sp-cursor', (els) => els.every((e) => (e as SVGElement).style.display === ''))).toBe(true);
    // play the residual over the failing span: decoded on demand, non-silent
    await page.selectOption('#source', 'residual');
    await page.fill('#start', (12000 / RATE).toFixed(3));
    await page.fill('#length', '0.25');
    await page.click('#play');
    await page.waitForFunction(() => (globalThis as unknown as { stempack: { lastPlay: unknown } }).stempack.lastPlay !== null);
    const played = await page.evaluate(() => (globalThis as unknown as { stempack: { lastPlay: { which: string; startFrame: number; frames: number; peak: number } } }).stempack.lastPlay);
    expect(played).toMatchObject({ which: 'residual', startFrame: 12000, frames: 12000 });
    expect(played.peak).toBeGreaterThan(0.1);
    await page.click('#stop');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-failing-null.png'), fullPage: true });
  });

  it('exports the JSON and a self-contained HTML report, and honours the chosen profile', async () => {
    const pkg = makePackage();
    await page.selectOption('#profile', 'mastering');
    const report = await drop(pkg.bytes, 'mastering.stempack');
    expect(report.profile).toBe('mastering');
    expect(report).toEqual(await nodeReport(pkg.bytes, 'mastering.stempack', 'mastering'));
    const [dj] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    expect(JSON.parse(readFileSync((await dj.path())!, 'utf8'))).toEqual(report);
    const [dh] = await Promise.all([page.waitForEvent('download'), page.click('#export-html')]);
    const html = readFileSync((await dh.path())!, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<link\b|src="http|href="http/i);
    for (const f of report.findings) expect(html).toContain(`data-code="${f.code}"`);
    await page.selectOption('#profile', 'default');
  });

  it('labels every control and makes no request beyond the local origin', async () => {
    const unlabelled = await page.$$eval('input, select, button', (els) =>
      els
        .filter((e) => !(e as HTMLElement).hidden && !(e as HTMLElement).closest('[hidden]'))
        .filter((e) => {
          const el = e as HTMLInputElement;
          const name = el.getAttribute('aria-label') || (el.labels && Array.from(el.labels).map((l) => l.textContent).join('').trim()) || (el.tagName === 'BUTTON' ? el.textContent?.trim() : '');
          return !name;
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    // severity is spelled out, not only coloured
    const sev = await page.$$eval('.sp-sev', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    for (const s of sev) expect(s).toMatch(/(Error|Warning|Info)$/);
    expect(requests.length).toBeGreaterThan(0);
    for (const u of requests) expect(u.startsWith(server.origin + '/') || u.startsWith('blob:') || u.startsWith('data:')).toBe(true);
    for (const u of requests.slice(afterLoad)) expect(u.startsWith('blob:') || u.startsWith('data:')).toBe(true);
  });
});
