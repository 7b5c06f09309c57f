/**
 * A plain-text summary of a pack run for people (the CLI prints it): what was packed, or every
 * finding that made pack refuse, each with its file, its code and its message (what is wrong,
 * with the figures, and what to do).
 * @module
 */
import type { Finding } from '../model/finding.js';
import { formatTime, groupDigits } from '../model/units.js';
import type { RolesUnclearParams } from './role-overrides.js';
import type { PackResult } from './types.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Text summary: what was packed (or why not), file by file. Deterministic; no colour. */
export function formatPackSummary(r: PackResult): string {
  const lines: string[] = [];
  const m = r.manifest;
  if (r.ok && m) {
    const f = m.format;
    lines.push(
      `Packed ${m.stems.length} stem${m.stems.length === 1 ? '' : 's'} and the mix into ${r.output}`,
      `  ${m.artist} – ${m.title} (${m.versionName})`,
      `  ${f.container.toUpperCase()} ${f.sampleFormat} ${f.bitDepth}-bit ${f.sampleRate} Hz, ${groupDigits(m.timeline.length)} frames (${formatTime(m.timeline.length / f.sampleRate)})`,
    );
    const peak = (p: number | null) => (p === null ? 'silent' : `${p.toFixed(2)} dBFS`);
    const width = Math.max(4, ...m.stems.map((s) => s.path.length), m.mix.path.length);
    lines.push(`  ${pad('mix', 15)} ${pad(m.mix.path, width)}  peak ${peak(m.mix.peak)}`);
    for (const s of m.stems) lines.push(`  ${pad(s.role, 15)} ${pad(s.path, width)}  peak ${peak(s.peak)}`);
    for (const a of m.attachments ?? []) lines.push(`  ${pad('attachment', 15)} ${a.path}`);
  } else {
    const n = r.refusals.length;
    lines.push(n > 0 ? `Not packed: ${n} problem${n === 1 ? '' : 's'} to fix:` : 'Not packed.');
    for (const f of r.refusals) lines.push(...findingLines(f, true));
  }
  for (const j of r.joined) lines.push(`  joined split-mono ${j.left} + ${j.right} → ${j.output}`);
  const nul = r.findings.find((f) => f.code === 'SP-NULL-101');
  if (nul) lines.push(`  null test: ${nul.message}`);
  if (r.ignored.length > 0) lines.push(`  ignored (not audio): ${r.ignored.join(', ')}`);
  // warnings allowed (or advisory): reported, not refused
  const refused = new Set(r.refusals);
  const noted = r.findings.filter((f) => f.severity !== 'info' && !refused.has(f));
  if (noted.length > 0) {
    lines.push(r.ok ? 'Warnings (allowed):' : 'Also (not refused):');
    for (const f of noted) lines.push(...findingLines(f, false));
  }
  return lines.join('\n') + '\n';
}

/**
 * The stems whose role stays unclear, all at once, from the `roles-unclear` finding's params: each
 * file with what its name said, then the command line to run again with a `--role` for each (a
 * table instead of the finding's one-line message).
 */
export function unclearRoleLines(p: RolesUnclearParams, indent: string): string[] {
  const width = Math.max(...p.files.map((u) => u.key.length));
  return [
    `${indent}Role unclear for ${p.files.length} stem${p.files.length === 1 ? '' : 's'}:`,
    ...p.files.map((u) => `${indent}  ${pad(u.key, width)}  ${u.candidates.length > 0 ? `${u.candidates.join(' or ')}? ` : ''}${u.reason}`),
    `${indent}Give each a role (${p.roles.join(', ')}) and run:`,
    `${indent}  ${p.command}`,
    `${indent}or write them into a roles.json ({"${p.files[0]!.key}": "<role>", ...}) and add --roles roles.json.`,
  ];
}

/**
 * Two lines per finding: severity, code and where (the input file, or the manifest field), then
 * the message. A refusing warning says how to pack anyway.
 */
function findingLines(f: Finding, refusal: boolean): string[] {
  const where = f.path === '' ? '(package)' : f.path.startsWith('/') && !/\.[A-Za-z0-9]{1,8}$/.test(f.path) ? `manifest ${f.path}` : f.path;
  const allow = refusal && f.severity === 'warning' ? ` (a recommendation: to pack anyway, add --allow ${f.code})` : '';
  const head = `  ${f.severity.padEnd(7)}  ${f.code}  ${where}`;
  if (f.code === 'SP-MAN-002' && f.params.reason === 'roles-unclear') return [head, ...unclearRoleLines(f.params as unknown as RolesUnclearParams, '           ')];
  return [head, `           ${f.message}${allow}`];
}
