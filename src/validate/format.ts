/**
 * Text renderings for terminals: the validation report grouped by file (most severe first,
 * each finding's message with its figures) and the `inspect` table of a manifest. Pure functions; colour
 * is ANSI SGR only when asked for.
 */
import type { Manifest } from '../model/manifest.js';
import type { Report, ReportFinding, ReportFile } from '../model/report.js';
import { formatTime, groupDigits } from '../model/units.js';
import { fileOf, messageFor } from '../model/messages.js';

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

/** Findings the null block prints (with the null summary) instead of the file groups. */
const NULL_CODES = new Set(['SP-NULL-001', 'SP-NULL-101', 'SP-NULL-102']);

/**
 * A readable terminal report: a verdict line, findings grouped by file (each line the finding's
 * message, which carries its figures), the files without findings, and the null block: what was
 * summed, the residual, and the failing null's error with its explanation (SP-NULL-102, shown even
 * without info lines). Level measurements (SP-LVL-101) are info lines; without info they move
 * into the file's line.
 */
export function formatReport(report: Report, opts: FormatOptions): string {
  const paint = (s: Style, t: string): string => (opts.color ? `\u001b[${SGR[s]}m${t}\u001b[0m` : t);
  const showInfo = opts.info ?? true;
  const lines: string[] = [];
  const c = report.counts;
  const verdict = report.valid ? paint('green', 'VALID') : paint('red', 'INVALID');
  lines.push(
    `${paint('bold', report.package.path)}: ${verdict} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info) · profile ${report.profile} · level ${report.level}`,
  );

  const n = report.null;
  // the null block takes the null findings when there is a null summary to put them with
  const nullBlock = n !== undefined && typeof n['skipped'] !== 'string';
  const fileByPath = new Map(report.files.map((f) => [f.path, f]));
  const groups = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    if (nullBlock && NULL_CODES.has(f.code)) continue;
    if (!showInfo && f.severity === 'info' && f.code !== 'SP-NULL-102') continue;
    const g = groups.get(f.path) ?? [];
    g.push(f);
    groups.set(f.path, g);
  }
  const line = (f: ReportFinding, under?: string, where = true): string => {
    const mark = paint(COLOR[f.severity], `${MARK[f.severity]} ${f.code}`);
    return `  ${mark}  ${describeFinding(f, under)}${where ? whereOf(f, paint) : ''}`;
  };
  const order = [...groups.entries()].sort(
    ([pa, a], [pb, b]) => worst(a) - worst(b) || (pa < pb ? -1 : pa > pb ? 1 : 0),
  );
  for (const [path, fs] of order) {
    lines.push('');
    const file = fileByPath.get(path);
    const levelsShown = fs.some((f) => f.code === 'SP-LVL-101');
    lines.push(paint('bold', path === '' ? '(package)' : path) + (file ? paint('dim', `  ${describeFile(file, !levelsShown)}`) : ''));
    const sorted = [...fs].sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    for (const f of sorted) lines.push(line(f, path));
  }

  const files = report.files.filter((f) => !groups.has(f.path));
  if (files.length > 0) {
    lines.push('');
    for (const f of files) lines.push(`${paint('green', '✓')} ${f.path}${paint('dim', `  ${describeFile(f, true)}`)}`);
  }

  if (n) {
    lines.push('');
    if (n.commonSpan === true && typeof n.frames === 'number') {
      lines.push(`Lengths differ: the null below covers only the first ${groupDigits(n.frames)} frames, the span every file has (SP-NULL-103)`);
    }
    if (typeof n['skipped'] === 'string') {
      lines.push(`Null test: skipped (${String(n['skipped']).replace(/-/g, ' ')}; see the findings above)`);
    } else {
      const nulls = report.findings.filter((f) => NULL_CODES.has(f.code));
      const summed = summedFiles(n, nulls);
      if (n.exact) {
        lines.push(`Null test: ${paint('green', 'exact null')}: ${summed ? `${summed}, ` : 'the stems sum to the mix '}sample for sample`);
      } else {
        const pass = n.pass ? paint('green', 'pass') : paint('red', 'FAIL');
        lines.push(`Null test: ${pass}${summed ? `: ${summed}` : ''}`);
        lines.push(
          `  residual peak ${db(n.residualPeakDbfs)} dBFS, RMS ${db(n.residualRmsDbfs)} dBFS, depth ${db(n.depthDb)} dB (tolerance ${n.tolerance} dBFS)`,
        );
        for (const r of (n.failingRanges ?? []).slice(0, 5)) {
          lines.push(paint('dim', `  over the tolerance ${formatTime(r.startSeconds)}–${formatTime(r.endSeconds)}, peak ${db(r.peakDbfs)} dBFS`));
        }
      }
      // the failing null's error and why it fails (never hidden: it is what a person acts on)
      // (where: the failing ranges above)
      for (const f of nulls.filter((x) => x.code !== 'SP-NULL-101')) lines.push(line(f, undefined, false));
    }
  }
  return lines.join('\n') + '\n';
}

/** "4 stems summed against mix/mix.wav: bass.wav, drums.wav, keys.wav, lead.wav" (from the summary or the SP-NULL-101 params). */
function summedFiles(n: NonNullable<Report['null']>, nulls: ReportFinding[]): string {
  const p = nulls.find((f) => f.code === 'SP-NULL-101')?.params;
  const stems = Array.isArray(n['stems']) ? (n['stems'] as unknown[]) : Array.isArray(p?.['stems']) ? (p['stems'] as unknown[]) : null;
  const mix = typeof n['mix'] === 'string' ? n['mix'] : typeof p?.['mix'] === 'string' ? p['mix'] : null;
  if (!stems || mix === null) return '';
  const names = stems.map((s) => fileOf(String(s)));
  const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')} and ${names.length - 12} more` : names.join(', ');
  return `${plural(stems.length, 'stem')} summed against ${mix}${shown ? ` (${shown})` : ''}`;
}

/** " @ 1:23.412 (frame 3,998,765)" when the finding points into the audio and its message does not say where already. */
function whereOf(f: ReportFinding, paint: (s: Style, t: string) => string): string {
  if (!f.at || !(f.at.frame > 0 || f.at.endFrame !== undefined)) return '';
  const t = formatTime(f.at.seconds);
  if (f.message.includes(t)) return '';
  return paint('dim', ` @ ${t} (frame ${groupDigits(f.at.frame)})`);
}

/** One line describing an audio file's format and, with `levels`, its measurements. */
function describeFile(f: ReportFile, levels: boolean): string {
  const parts: string[] = [];
  if (f.role) parts.push(f.role);
  if (f.container) parts.push(f.container);
  if (f.bitDepth !== undefined) parts.push(`${f.bitDepth}-bit ${f.sampleFormat ?? ''}`.trim());
  if (f.sampleRate !== undefined) parts.push(`${groupDigits(f.sampleRate)} Hz`);
  if (f.channels !== undefined) parts.push(`${f.channels} ch`);
  if (f.frames !== undefined) parts.push(`${groupDigits(f.frames)} frames`);
  if (levels) {
    if (f.peakDbfs !== undefined) parts.push(`peak ${db(f.peakDbfs)} dBFS`);
    if (f.truePeakDbtp !== undefined && f.truePeakDbtp !== null) parts.push(`true peak ${db(f.truePeakDbtp)} dBTP`);
    if (f.integratedLufs !== undefined && f.integratedLufs !== null) parts.push(`${db(f.integratedLufs)} LUFS`);
    if (f.loudnessRange !== undefined && f.loudnessRange !== null) parts.push(`LRA ${db(f.loudnessRange)} LU`);
  }
  return parts.join(', ');
}

/**
 * The text of a finding: its message (derived from its params by the registry in
 * `model/messages.ts`). Under its file's heading (`under`: the finding's path) a leading
 * "<file name>: " is left out. A report from elsewhere without a message gets one from the registry.
 */
export function describeFinding(f: ReportFinding, under?: string): string {
  const msg = f.message !== '' ? f.message : messageFor(f.code, f.params, f.path, f.at);
  if (under === undefined || under === '') return msg;
  const head = `${fileOf(under)}: `;
  return msg.startsWith(head) ? msg.slice(head.length) : msg;
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

