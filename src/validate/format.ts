/**
 * Text renderings for terminals: the validation report grouped by file (most severe first,
 * with the numbers that matter) and the `inspect` table of a manifest. Pure functions; colour
 * is ANSI SGR only when asked for.
 */
import { recordLines } from '../conform/format.js';
import type { Manifest } from '../model/manifest.js';
import type { Report, ReportFinding, ReportFile } from '../model/report.js';
import { formatTime, groupDigits } from '../model/units.js';

/** Options of {@link formatReport}. */
export interface FormatOptions {
  /** Use ANSI colours. */
  color: boolean;
  /** Include info-level findings (default true). */
  info?: boolean;
}

type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold' | 'cyan';
const SGR: Record<Style, number> = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1, cyan: 36 };
const RANK = { error: 0, warning: 1, info: 2 } as const;
const MARK = { error: '✖', warning: '!', info: 'i' } as const;
const COLOR = { error: 'red', warning: 'yellow', info: 'dim' } as const;

/** A readable terminal report: a verdict line, findings grouped by file, the null summary. */
export function formatReport(report: Report, opts: FormatOptions): string {
  const paint = (s: Style, t: string): string => (opts.color ? `\u001b[${SGR[s]}m${t}\u001b[0m` : t);
  const showInfo = opts.info ?? true;
  const lines: string[] = [];
  const c = report.counts;
  const verdict = report.valid ? paint('green', 'VALID') : paint('red', 'INVALID');
  lines.push(
    `${paint('bold', report.package.path)}: ${verdict} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info) · profile ${report.profile} · level ${report.level}`,
  );

  const fileByPath = new Map(report.files.map((f) => [f.path, f]));
  const groups = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    if (!showInfo && f.severity === 'info') continue;
    const key = f.path;
    const g = groups.get(key) ?? [];
    g.push(f);
    groups.set(key, g);
  }
  const order = [...groups.entries()].sort(
    ([pa, a], [pb, b]) => worst(a) - worst(b) || (pa < pb ? -1 : pa > pb ? 1 : 0),
  );
  for (const [path, fs] of order) {
    lines.push('');
    const file = fileByPath.get(path);
    lines.push(paint('bold', path === '' ? '(package)' : path) + (file ? paint('dim', `  ${describeFile(file)}`) : ''));
    const sorted = [...fs].sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    for (const f of sorted) {
      const mark = paint(COLOR[f.severity], `${MARK[f.severity]} ${f.code}`);
      const where = f.at && (f.at.frame > 0 || f.at.endFrame !== undefined) ? paint('dim', ` @ ${formatTime(f.at.seconds)} (frame ${groupDigits(f.at.frame)})`) : '';
      lines.push(`  ${mark}  ${describeFinding(f)}${where}`);
    }
  }

  const files = report.files.filter((f) => !groups.has(f.path));
  if (files.length > 0) {
    lines.push('');
    for (const f of files) lines.push(`${paint('green', '✓')} ${f.path}${paint('dim', `  ${describeFile(f)}`)}`);
  }

  const n = report.null;
  if (n) {
    lines.push('');
    if (typeof n['skipped'] === 'string') {
      lines.push(`Null test: skipped (${String(n['skipped']).replace(/-/g, ' ')}; see the findings above)`);
    } else if (n.exact) {
      lines.push(`Null test: ${paint('green', 'exact null')}: the stems sum to the mix sample for sample`);
    } else {
      const pass = n.pass ? paint('green', 'pass') : paint('red', 'FAIL');
      lines.push(
        `Null test: ${pass}: residual peak ${db(n.residualPeakDbfs)} dBFS, RMS ${db(n.residualRmsDbfs)} dBFS, depth ${db(n.depthDb)} dB (tolerance ${n.tolerance} dBFS)`,
      );
      for (const r of (n.failingRanges ?? []).slice(0, 5)) {
        lines.push(paint('dim', `  ${formatTime(r.startSeconds)}–${formatTime(r.endSeconds)}  peak ${db(r.peakDbfs)} dBFS`));
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** One line describing an audio file's format and measurements. */
function describeFile(f: ReportFile): string {
  const parts: string[] = [];
  if (f.role) parts.push(f.role);
  if (f.container) parts.push(f.container);
  if (f.bitDepth !== undefined) parts.push(`${f.bitDepth}-bit ${f.sampleFormat ?? ''}`.trim());
  if (f.sampleRate !== undefined) parts.push(`${groupDigits(f.sampleRate)} Hz`);
  if (f.channels !== undefined) parts.push(`${f.channels} ch`);
  if (f.frames !== undefined) parts.push(`${groupDigits(f.frames)} frames`);
  if (f.peakDbfs !== undefined) parts.push(`peak ${db(f.peakDbfs)} dBFS`);
  if (f.truePeakDbtp !== undefined && f.truePeakDbtp !== null) parts.push(`TP ${db(f.truePeakDbtp)} dBTP`);
  if (f.integratedLufs !== undefined && f.integratedLufs !== null) parts.push(`${db(f.integratedLufs)} LUFS`);
  return parts.join(', ');
}

/** The finding's text, with the key numbers spelled out for the codes where they matter most. */
export function describeFinding(f: ReportFinding): string {
  const p = f.params as Record<string, unknown>;
  const num = (k: string): number | undefined => (typeof p[k] === 'number' ? (p[k] as number) : undefined);
  const name = f.path.slice(f.path.lastIndexOf('/') + 1) || f.path;
  switch (f.code) {
    case 'SP-LEN-001':
    case 'SP-LEN-002': {
      const exp = num('expected');
      const found = num('found');
      const d = num('differenceFrames');
      const ms = num('differenceMs');
      if (exp === undefined || found === undefined || d === undefined) break;
      const ref = typeof p['reference'] === 'string' ? (p['reference'] as string) : undefined;
      const what = f.code === 'SP-LEN-002' ? 'the timeline' : ref !== undefined ? ref.slice(ref.lastIndexOf('/') + 1) : 'the mix';
      return `${name}: ${groupDigits(found)} frames, expected ${groupDigits(exp)} (${what}; ${plural(Math.abs(d), 'sample')}, ${Math.abs(ms ?? 0).toFixed(2)} ms ${d < 0 ? 'short' : 'long'})`;
    }
    case 'SP-MAN-009':
    case 'SP-CH-001':
    case 'SP-AUD-005':
    case 'SP-START-001':
    case 'SP-MAN-004': {
      const exp = num('expected');
      const found = num('found');
      if (exp === undefined || found === undefined) break;
      const unit = { 'SP-MAN-009': 'frames', 'SP-CH-001': 'channels', 'SP-AUD-005': 'Hz', 'SP-START-001': '(TimeReference)', 'SP-MAN-004': 'bytes' }[f.code];
      return `${name}: ${groupDigits(found)} ${unit}, expected ${groupDigits(exp)} — ${f.message}`;
    }
    case 'SP-ZIP-013': {
      const exp = num('expected');
      const found = num('found');
      if (exp === undefined || found === undefined) break;
      return `${name}: CRC-32 ${hex8(found)}, the archive says ${hex8(exp)}`;
    }
    case 'SP-MAN-007':
    case 'SP-MAN-008':
      return `${f.message} (expected ${String(p['expected']).slice(0, 12)}…, found ${String(p['found']).slice(0, 12)}…)`;
    default:
      break;
  }
  return f.message;
}

/** A table of the mix and stems of a manifest: id, role, path, channels, frames, peak. */
export function formatInspect(m: Manifest): string {
  const head = ['id', 'role', 'path', 'ch', 'frames', 'peak dBFS', 'gain dB'];
  const rows: string[][] = [
    [m.mix.id, 'mix', m.mix.path, String(m.mix.channels), groupDigits(m.mix.frames), db(m.mix.peak), ''],
    ...m.stems.map((s) => [s.id, String(s.role), s.path, String(s.channels), groupDigits(s.frames), db(s.peak), s.gainDb !== undefined ? s.gainDb.toFixed(2) : '']),
  ];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([3, 4, 5, 6]);
  const line = (r: string[]): string => r.map((c, i) => (right.has(i) ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join('  ').trimEnd();
  const f = m.format;
  const out = [
    `${m.artist} — ${m.title} (${m.versionName})`,
    `${f.container} ${f.bitDepth}-bit ${f.sampleFormat}, ${groupDigits(f.sampleRate)} Hz, ${groupDigits(m.timeline.length)} frames (${formatTime(m.timeline.length / m.timeline.sampleRate)}), start ${groupDigits(m.timeline.start)}` +
      (m.mixBusProcessing ? ', mix-bus processing declared' : ''),
    '',
    line(head),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ];
  if (m.versions && m.versions.length > 0) out.push('', `versions: ${m.versions.map((v) => v.name).join(', ')}`);
  // what the packer changed in the delivered files (spec §5.5), one line per change
  if (m.conform) out.push('', 'conformed by the packer (every sample value kept; undone and checked by validate):', ...recordLines(m.conform, m.timeline.sampleRate).map((l) => `  ${l}`));
  return out.join('\n') + '\n';
}

function worst(fs: ReportFinding[]): number {
  return Math.min(...fs.map((f) => RANK[f.severity]));
}

function plural(n: number, word: string): string {
  return `${groupDigits(n)} ${word}${n === 1 ? '' : 's'}`;
}

function db(x: number | null | undefined): string {
  return x === null || x === undefined ? '-inf' : x.toFixed(2);
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
