/** Terminal formatting of findings shared by the commands. */
import type { Finding } from '../model/finding.js';
import { formatTime } from '../model/units.js';
import type { Paint } from './util.js';

const STYLE = { error: 'red', warning: 'yellow', info: 'dim' } as const;

/** One line: `error SP-LEN-001 stems/bass.wav @1:23.412: message`. Severity is spelled out, not only coloured. */
export function formatFindingLine(f: Finding, paint: Paint): string {
  const at = f.at ? ` @${formatTime(f.at.seconds)}` : '';
  return `${paint(STYLE[f.severity], f.severity.padEnd(7))} ${f.code} ${f.path || '(package)'}${at}: ${f.message}`;
}
