/**
 * The visual report as HTML: a verdict, findings grouped by file, per-file waveform overviews
 * on one timeline (clipping, near-silence and failing-null ranges marked), the null residual
 * against the tolerance, and tables of the files and the manifest. Pure string building; every
 * value from the package is escaped. {@link renderReportBody} is shared by the browser page;
 * {@link writeHtmlReport} wraps it into a self-contained document (inline CSS, SVG and script,
 * no external URL, a CSP that forbids any network request).
 * @module
 */
import type { Manifest } from '../model/manifest.js';
import type { NullRange, Report, ReportFile, ReportFinding } from '../model/report.js';
import type { FileOverview, Overviews } from './overview.js';
import { REPORT_CSS } from './style.js';

/** Options of {@link renderReportBody} and {@link writeHtmlReport}. */
export interface HtmlReportOptions {
  /** Plain-language text of a finding (default: its message). The CLI passes `describeFinding`. */
  describe?(f: ReportFinding): string;
  /** The manifest, for its table (optional). */
  manifest?: Manifest | null;
  /** Document title (default: the package path). */
  title?: string;
}

/** Width of the SVG coordinate system of every lane. */
export const LANE_WIDTH = 1000;
const LANE_H = 64;
const RES_H = 90;
/** Narrowest range mark (lane units), so a short clip run stays visible. */
const MIN_MARK = 3;
/** Residual plot floor, dBFS. */
const RES_FLOOR = -160;

const ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const;
const WORD = { error: 'Error', warning: 'Warning', info: 'Info' } as const;
const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Escape text for HTML content and double-quoted attributes. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A complete, self-contained HTML document of the report (inline CSS/SVG/JS; a
 * `Content-Security-Policy` of `default-src 'none'` so opening it makes no request). The report
 * JSON is embedded in `<script type="application/json" id="stempack-report">`.
 */
export function writeHtmlReport(report: Report, overviews: Overviews | null, opts: HtmlReportOptions = {}): string {
  const title = opts.title ?? `stempack report: ${report.package.path}`;
  const json = JSON.stringify(report).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main class="sp-report">
${renderReportBody(report, overviews, opts)}
</main>
<script type="application/json" id="stempack-report">${json}</script>
<script>${CURSOR_SCRIPT}</script>
</body>
</html>
`;
}

/** A tiny script for the exported file: clicking a finding moves the cursor on every lane. */
const CURSOR_SCRIPT = `document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('[data-frame]');if(!b||!b.matches('button'))return;var x=b.getAttribute('data-x');document.querySelectorAll('.sp-cursor').forEach(function(l){l.setAttribute('x1',x);l.setAttribute('x2',x);l.style.display='';});var t=document.querySelector('.sp-timeline');if(t)t.scrollIntoView({block:'nearest'});});`;

/** The report's sections as an HTML fragment (no document wrapper). */
export function renderReportBody(report: Report, overviews: Overviews | null, opts: HtmlReportOptions = {}): string {
  const describe = opts.describe ?? ((f: ReportFinding) => f.message);
  const parts = [verdict(report)];
  if (overviews && overviews.files.length > 0) parts.push(timeline(report, overviews));
  parts.push(findings(report, overviews, describe));
  parts.push(nullSection(report));
  parts.push(filesTable(report.files));
  if (opts.manifest) parts.push(manifestTable(opts.manifest));
  return parts.join('\n');
}

function verdict(r: Report): string {
  const c = r.counts;
  const ok = r.valid;
  return `<header class="sp-verdict ${ok ? 'sp-ok' : 'sp-bad'}" role="status">
<h1><span aria-hidden="true">${ok ? '✔' : '✖'}</span> <span class="sp-verdict-word" data-valid="${ok}">${ok ? 'VALID' : 'INVALID'}</span> <span class="sp-pkg">${esc(r.package.path)}</span></h1>
<p>${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info · profile <b>${esc(r.profile)}</b> · level ${esc(r.level)} · ${r.package.bytes.toLocaleString('en-US')} bytes · ${esc(r.tool.name)} ${esc(r.tool.version)}</p>
</header>`;
}

/** x coordinate of a frame on the shared timeline. */
function xOf(frame: number, o: Overviews): number {
  return o.frames > 0 ? round((frame / o.frames) * LANE_WIDTH) : 0;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function timeline(r: Report, o: Overviews): string {
  const fileBy = new Map(r.files.map((f) => [f.path, f]));
  const lanes = o.files.map((f) => lane(r, o, f, fileBy.get(f.path)));
  if (o.residual) lanes.push(residualLane(r, o));
  const secs = o.sampleRate > 0 ? o.frames / o.sampleRate : 0;
  const ticks: string[] = [];
  const step = niceStep(secs);
  for (let t = 0; step > 0 && t <= secs + 1e-9; t += step) ticks.push(`<span style="left:${round((t / (secs || 1)) * 100)}%">${fmtTime(t)}</span>`);
  return `<section class="sp-timeline" aria-label="Waveforms on a shared timeline" data-frames="${o.frames}" data-sample-rate="${o.sampleRate}">
<h2>Timeline</h2>
<p class="sp-legend"><span class="sp-key sp-key-clip">▮ clipping</span> <span class="sp-key sp-key-silence">▮ near silence</span> <span class="sp-key sp-key-null">▮ failing null</span> <span class="sp-key sp-key-point">│ finding</span></p>
<div class="sp-lanes">${lanes.join('\n')}</div>
<div class="sp-ticks" aria-hidden="true">${ticks.join('')}</div>
</section>`;
}

function niceStep(secs: number): number {
  if (secs <= 0) return 0;
  for (const s of [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600]) if (secs / s <= 10) return s;
  return 1200;
}

function fmtTime(t: number): string {
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${m}:${s < 10 ? '0' : ''}${s.toFixed(t < 10 ? 2 : 1)}`;
}

function lane(r: Report, o: Overviews, f: FileOverview, rf: ReportFile | undefined): string {
  const mid = LANE_H / 2;
  const y = (v: number): number => round(mid - Math.max(-1, Math.min(1, v)) * (mid - 1));
  const n = Math.min(f.max.length, Math.ceil(f.frames / o.framesPerBin));
  const bw = LANE_WIDTH / o.bins;
  let d = '';
  if (n > 0) {
    const top: string[] = [];
    const bot: string[] = [];
    for (let b = 0; b < n; b++) {
      const x0 = round(b * bw);
      const x1 = round((b + 1) * bw);
      top.push(`${x0},${y(f.max[b]!)} ${x1},${y(f.max[b]!)}`);
      bot.push(`${x1},${y(f.min[b]!)} ${x0},${y(f.min[b]!)}`);
    }
    d = `M${top.join(' L')} L${bot.reverse().join(' L')}Z`;
  }
  const marks: string[] = [];
  for (const fd of r.findings) {
    if (fd.path !== f.path) continue;
    if (fd.code === 'SP-LVL-001' && fd.at) {
      marks.push(rangeMark('sp-clip', o, fd.at.frame, (fd.at.endFrame ?? fd.at.frame) + 1, LANE_H, `clipping ${fmtTime(fd.at.seconds)}`));
    }
    if (fd.code === 'SP-LVL-101') {
      const ranges = fd.params['nearSilentRanges'];
      if (Array.isArray(ranges)) {
        for (const x of ranges as { startFrame?: unknown; endFrame?: unknown }[]) {
          if (typeof x?.startFrame === 'number' && typeof x.endFrame === 'number') {
            marks.push(rangeMark('sp-silence', o, x.startFrame, x.endFrame, LANE_H, `near silence ${fmtTime(x.startFrame / o.sampleRate)}–${fmtTime(x.endFrame / o.sampleRate)}`));
          }
        }
      }
    } else if (fd.at && fd.code !== 'SP-LVL-001' && (fd.at.frame > 0 || fd.at.endFrame !== undefined)) {
      const x = xOf(fd.at.frame, o);
      marks.push(`<line class="sp-point sp-${fd.severity}" x1="${x}" x2="${x}" y1="0" y2="${LANE_H}"><title>${esc(fd.code)} at ${fmtTime(fd.at.seconds)}</title></line>`);
    }
  }
  if (f.isMix) for (const nr of failing(r)) marks.push(nullMark(o, nr, LANE_H));
  const meas = rf ? measures(rf) : '';
  const label = `${f.name} (${f.role})`;
  return `<div class="sp-lane" data-path="${esc(f.path)}">
<div class="sp-lane-label"><b>${esc(f.name)}</b> <span class="sp-role">${esc(f.role)}</span><br><span class="sp-meas">${meas}</span></div>
<svg class="sp-wave" data-path="${esc(f.path)}" viewBox="0 0 ${LANE_WIDTH} ${LANE_H}" preserveAspectRatio="none" role="img" aria-label="Waveform of ${esc(label)}">
<title>Waveform of ${esc(label)}</title>
<line class="sp-zero" x1="0" x2="${LANE_WIDTH}" y1="${mid}" y2="${mid}"/>
<path class="sp-env" d="${d}"/>
${marks.join('\n')}
<line class="sp-cursor" x1="0" x2="0" y1="0" y2="${LANE_H}" style="display:none"/>
</svg>
</div>`;
}

function failing(r: Report): NullRange[] {
  return r.null?.failingRanges ?? [];
}

function rangeMark(cls: string, o: Overviews, start: number, end: number, h: number, title: string): string {
  const x0 = xOf(start, o);
  const w = Math.max(MIN_MARK, round(xOf(end, o) - x0));
  return `<rect class="${cls}" x="${x0}" y="0" width="${w}" height="${h}" data-start-frame="${start}" data-end-frame="${end}"><title>${esc(title)}</title></rect>`;
}

function nullMark(o: Overviews, nr: NullRange, h: number): string {
  return rangeMark('sp-nullfail', o, nr.startFrame, nr.endFrame, h, `failing null ${fmtTime(nr.startSeconds)}–${fmtTime(nr.endSeconds)}, peak ${db(nr.peakDbfs)} dBFS`);
}

function residualLane(r: Report, o: Overviews): string {
  const res = o.residual!;
  const tol = typeof r.null?.tolerance === 'number' ? r.null.tolerance : null;
  const floor = Math.min(RES_FLOOR, tol !== null ? tol - 20 : RES_FLOOR);
  const y = (dbv: number): number => round(RES_H - ((Math.max(floor, Math.min(0, dbv)) - floor) / -floor) * (RES_H - 2) - 1);
  const bw = LANE_WIDTH / o.bins;
  const n = Math.min(res.peak.length, Math.ceil(res.frames / o.framesPerBin));
  const pts: string[] = [];
  for (let b = 0; b < n; b++) {
    const p = res.peak[b]!;
    const v = p > 0 ? 20 * Math.log10(p) : floor;
    pts.push(`${round(b * bw)},${y(v)} ${round((b + 1) * bw)},${y(v)}`);
  }
  const d = pts.length > 0 ? `M${pts.join(' L')}` : '';
  const marks = failing(r).map((nr) => nullMark(o, nr, RES_H));
  const tolLine = tol !== null ? `<line class="sp-tol" x1="0" x2="${LANE_WIDTH}" y1="${y(tol)}" y2="${y(tol)}"><title>tolerance ${tol} dBFS</title></line>` : '';
  const n0 = r.null;
  const summary = n0 && typeof n0.pass === 'boolean' ? `${n0.pass ? '✔ pass' : '✖ FAIL'} · peak ${db(n0.residualPeakDbfs)} dBFS · tolerance ${tol ?? '?'} dBFS` : 'null test not run';
  return `<div class="sp-lane sp-residual-lane" data-path="residual">
<div class="sp-lane-label"><b>Null residual</b> <span class="sp-role">mix − Σ stems</span><br><span class="sp-meas">${esc(summary)}</span></div>
<svg class="sp-wave sp-residual" data-path="residual" viewBox="0 0 ${LANE_WIDTH} ${RES_H}" preserveAspectRatio="none" role="img" aria-label="Null residual peak over time against the tolerance">
<title>Null residual peak (dBFS, ${floor} to 0) against the tolerance</title>
${marks.join('\n')}
${tolLine}
<path class="sp-res" d="${d}"/>
<line class="sp-cursor" x1="0" x2="0" y1="0" y2="${RES_H}" style="display:none"/>
</svg>
</div>`;
}

function measures(f: ReportFile): string {
  const out: string[] = [];
  if (f.peakDbfs !== undefined) out.push(`peak ${db(f.peakDbfs)} dBFS`);
  if (f.truePeakDbtp !== undefined && f.truePeakDbtp !== null) out.push(`TP ${db(f.truePeakDbtp)} dBTP`);
  if (f.integratedLufs !== undefined && f.integratedLufs !== null) out.push(`${db(f.integratedLufs)} LUFS`);
  return esc(out.join(' · '));
}

function db(x: number | null | undefined): string {
  return x === null || x === undefined ? '−∞' : x.toFixed(2);
}

function findings(r: Report, o: Overviews | null, describe: (f: ReportFinding) => string): string {
  const groups = new Map<string, ReportFinding[]>();
  for (const f of r.findings) {
    const g = groups.get(f.path) ?? [];
    g.push(f);
    groups.set(f.path, g);
  }
  const worst = (fs: ReportFinding[]): number => Math.min(...fs.map((f) => RANK[f.severity]));
  const order = [...groups.entries()].sort(([pa, a], [pb, b]) => worst(a) - worst(b) || (pa < pb ? -1 : pa > pb ? 1 : 0));
  const sections = order.map(([path, fs]) => {
    const items = [...fs]
      .sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((f) => findingItem(f, o, describe));
    return `<section class="sp-group" data-path="${esc(path)}"><h3>${esc(path === '' ? '(package)' : path)}</h3><ul>${items.join('')}</ul></section>`;
  });
  return `<section class="sp-findings" aria-label="Findings"><h2>Findings</h2>${sections.length ? sections.join('\n') : '<p>No findings.</p>'}</section>`;
}

function findingItem(f: ReportFinding, o: Overviews | null, describe: (f: ReportFinding) => string): string {
  const sev = `<span class="sp-sev sp-${f.severity}"><span aria-hidden="true">${ICON[f.severity]}</span> ${WORD[f.severity]}</span>`;
  const code = `<code class="sp-code">${esc(f.code)}</code>`;
  const text = `<span class="sp-text">${esc(describe(f))}</span>`;
  const timed = f.at && (f.at.frame > 0 || f.at.endFrame !== undefined);
  if (timed && f.at) {
    const x = o ? xOf(f.at.frame, o) : 0;
    const end = f.at.endFrame !== undefined ? ` data-end-frame="${f.at.endFrame}"` : '';
    return `<li class="sp-finding" data-code="${esc(f.code)}" data-severity="${f.severity}"><button type="button" class="sp-jump" data-path="${esc(f.path)}" data-frame="${f.at.frame}"${end} data-seconds="${f.at.seconds}" data-x="${x}" aria-label="${esc(`${WORD[f.severity]} ${f.code} at ${fmtTime(f.at.seconds)}: show on the timeline`)}">${sev} ${code} ${text} <span class="sp-at">@ ${fmtTime(f.at.seconds)}</span></button></li>`;
  }
  return `<li class="sp-finding" data-code="${esc(f.code)}" data-severity="${f.severity}"><div class="sp-row">${sev} ${code} ${text}</div></li>`;
}

function nullSection(r: Report): string {
  const n = r.null;
  if (!n) return '';
  let body: string;
  if (typeof n['skipped'] === 'string') body = `<p>Null test skipped (${esc(String(n['skipped']).replace(/-/g, ' '))}).</p>`;
  else if (n.exact) body = `<p class="sp-ok-text">✔ Exact null: the stems sum to the mix sample for sample.</p>`;
  else {
    const ranges = (n.failingRanges ?? [])
      .slice(0, 50)
      .map((x) => `<tr><td>${fmtTime(x.startSeconds)}</td><td>${fmtTime(x.endSeconds)}</td><td>${x.startFrame}</td><td>${x.endFrame}</td><td>${db(x.peakDbfs)}</td></tr>`);
    body = `<p>${n.pass ? '<span class="sp-ok-text">✔ pass</span>' : '<span class="sp-bad-text">✖ FAIL</span>'}: residual peak ${db(n.residualPeakDbfs)} dBFS, RMS ${db(n.residualRmsDbfs)} dBFS, depth ${db(n.depthDb)} dB (tolerance ${esc(n.tolerance)} dBFS)</p>` +
      (ranges.length ? `<table class="sp-table"><caption>Failing ranges</caption><thead><tr><th>start</th><th>end</th><th>start frame</th><th>end frame</th><th>peak dBFS</th></tr></thead><tbody>${ranges.join('')}</tbody></table>` : '');
  }
  return `<section class="sp-null" aria-label="Null test"><h2>Null test</h2>${body}</section>`;
}

function filesTable(files: ReportFile[]): string {
  if (files.length === 0) return '';
  const rows = files.map(
    (f) =>
      `<tr><td>${esc(f.path)}</td><td>${esc(f.role ?? '')}</td><td>${esc(f.container ?? '')}</td><td>${f.bitDepth ?? ''} ${esc(f.sampleFormat ?? '')}</td><td>${f.sampleRate ?? ''}</td><td>${f.channels ?? ''}</td><td>${f.frames ?? ''}</td><td>${f.peakDbfs !== undefined ? db(f.peakDbfs) : ''}</td><td>${f.truePeakDbtp !== undefined ? db(f.truePeakDbtp) : ''}</td><td>${f.integratedLufs !== undefined ? db(f.integratedLufs) : ''}</td><td>${f.loudnessRange !== undefined ? db(f.loudnessRange) : ''}</td></tr>`,
  );
  return `<section class="sp-files" aria-label="Files"><h2>Files</h2><div class="sp-scroll"><table class="sp-table"><thead><tr><th>path</th><th>role</th><th>container</th><th>format</th><th>Hz</th><th>ch</th><th>frames</th><th>peak dBFS</th><th>true peak dBTP</th><th>LUFS</th><th>LRA LU</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

function manifestTable(m: Manifest): string {
  const items = [
    { id: m.mix.id, role: 'mix', name: m.mix.name, path: m.mix.path, ch: m.mix.channels, frames: m.mix.frames, peak: m.mix.peak, gain: '' },
    ...m.stems.map((s) => ({ id: s.id, role: String(s.role), name: s.name, path: s.path, ch: s.channels, frames: s.frames, peak: s.peak, gain: s.gainDb !== undefined ? s.gainDb.toFixed(2) : '' })),
  ];
  const rows = items.map((i) => `<tr><td>${esc(i.id)}</td><td>${esc(i.role)}</td><td>${esc(i.name)}</td><td>${esc(i.path)}</td><td>${i.ch}</td><td>${i.frames}</td><td>${db(i.peak)}</td><td>${esc(i.gain)}</td></tr>`);
  const f = m.format;
  return `<section class="sp-manifest" aria-label="Manifest"><h2>Manifest</h2>
<p>${esc(m.artist)} — ${esc(m.title)} (${esc(m.versionName)}) · ${esc(f.container)} ${f.bitDepth}-bit ${esc(f.sampleFormat)}, ${f.sampleRate} Hz · ${m.timeline.length} frames, start ${m.timeline.start}${m.mixBusProcessing ? ' · mix-bus processing declared' : ''} · generator ${esc(m.generator)}</p>
<div class="sp-scroll"><table class="sp-table"><thead><tr><th>id</th><th>role</th><th>name</th><th>path</th><th>ch</th><th>frames</th><th>peak dBFS</th><th>gain dB</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}
