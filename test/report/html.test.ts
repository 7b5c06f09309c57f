// The HTML report is self-contained (no external URL, no link, CSP forbids requests), names
// every finding code, draws one SVG per file plus the residual, marks failing null ranges, and
// escapes what comes from the package.
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../helpers/package-builder.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { validate, describeFinding } from '../../src/validate/index.js';
import { packageOverviews, writeHtmlReport } from '../../src/report/index.js';

async function reportOf(bytes: Uint8Array, name = 'song.stempack') {
  const src = new BytesSource(bytes, name);
  const report = await validate({ source: src, name }, { measure: 'all' });
  const { overviews, manifest } = await packageOverviews(src, { bins: 500 });
  return { report, overviews, manifest };
}

function externalRefs(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|action|poster|data)\s*=\s*["']?([^"'\s>]+)/gi)) out.push(m[1]!);
  for (const m of html.matchAll(/url\(\s*["']?([^"')]+)/gi)) out.push(m[1]!);
  for (const m of html.matchAll(/https?:\/\/[^\s"'<>]+/gi)) out.push(m[0]);
  return out;
}

describe('writeHtmlReport', () => {
  it('is self-contained and lists every finding code, with one SVG per file', async () => {
    const { bytes } = buildPackage({
      frames: 9600,
      hooks: {
        audio(it) {
          // a clipped stretch on the bass (after the mix was summed: the null fails there too)
          if (it.id === 'bass') for (let k = 4000 * 2; k < 4100 * 2; k++) it.samples[k] = 2 ** 23 - 1;
        },
      },
    });
    const { report, overviews, manifest } = await reportOf(bytes);
    const html = writeHtmlReport(report, overviews, { describe: describeFinding, manifest });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(externalRefs(html)).toEqual([]);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/src="http/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).toContain("default-src 'none'");
    const codes = new Set(report.findings.map((f) => f.code));
    expect(codes.has('SP-LVL-001')).toBe(true);
    expect(codes.has('SP-NULL-001')).toBe(true);
    for (const c of codes) expect(html).toContain(`data-code="${c}"`);
    for (const f of report.files) expect(html).toContain(`<svg class="sp-wave" data-path="${f.path}"`);
    expect(html).toContain('data-path="residual"');
    // every envelope path is drawn (non-empty)
    for (const m of html.matchAll(/<path class="sp-env" d="([^"]*)"/g)) expect(m[1]!.length).toBeGreaterThan(100);
    // the clipping run is marked at its frames
    const clip = report.findings.find((f) => f.code === 'SP-LVL-001')!;
    expect(html).toContain(`class="sp-clip" x="`);
    expect(html).toContain(`data-start-frame="${clip.at!.frame}"`);
    // failing null ranges are marked on the residual lane with their frames
    for (const r of report.null!.failingRanges!) expect(html).toContain(`data-start-frame="${r.startFrame}" data-end-frame="${r.endFrame}"`);
    // the report JSON is embedded and round-trips
    const json = /<script type="application\/json" id="stempack-report">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('escapes names from the package and is deterministic', async () => {
    const { bytes } = buildPackage({
      stems: [
        { id: 'a', role: 'drums', name: '<img src=x onerror=alert(1)>', parts: [{ kind: 'sine', freq: 100, amp: 0.2 }] },
        { id: 'b', role: 'bass', name: 'B "quoted" & co', parts: [{ kind: 'sine', freq: 50, amp: 0.2 }] },
      ],
    });
    const { report, overviews, manifest } = await reportOf(bytes, '<evil>.stempack');
    const html = writeHtmlReport(report, overviews, { manifest });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<evil>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(writeHtmlReport(report, overviews, { manifest })).toBe(html);
  });

  it('renders without overviews (structure level) and marks a valid package as VALID', async () => {
    const { bytes } = buildPackage();
    const src = new BytesSource(bytes, 'ok.stempack');
    const report = await validate({ source: src, name: 'ok.stempack' }, { level: 'structure' });
    const html = writeHtmlReport(report, null);
    expect(report.valid).toBe(true);
    expect(html).toContain('data-valid="true"');
    expect(html).not.toContain('<svg');
  });
});
