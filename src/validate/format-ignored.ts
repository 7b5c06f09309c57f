/**
 * The text lines for the files a folder validation did not judge (`report.ignored`), printed
 * after the report so that no file of the folder goes unmentioned. Pure; kept apart from the
 * report printer.
 * @module
 */
import type { Report } from '../model/report.js';

/** Files listed by name before the rest are counted. */
const MAX_LISTED = 20;

/** `''` when nothing was ignored (or the report is a package's), else a block starting with a blank line. */
export function formatIgnored(report: Report, opts: { color: boolean }): string {
  const ignored = report.ignored ?? [];
  if (ignored.length === 0) return '';
  const dim = (t: string): string => (opts.color ? `\u001b[2m${t}\u001b[0m` : t);
  const lines = ['', `Ignored: ${ignored.length} file${ignored.length === 1 ? '' : 's'} that ${ignored.length === 1 ? 'is' : 'are'} not audio (pack leaves ${ignored.length === 1 ? 'it' : 'them'} out; attach documents with pack --attach)`];
  for (const i of ignored.slice(0, MAX_LISTED)) lines.push(`  ${i.path}${dim(`  (${i.format}, ${i.reason.replace(/-/g, ' ')})`)}`);
  if (ignored.length > MAX_LISTED) lines.push(dim(`  … and ${ignored.length - MAX_LISTED} more (--json lists them all)`));
  return lines.join('\n') + '\n';
}
