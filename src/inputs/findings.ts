/**
 * The findings of the input classification ({@link classifyInput}): what pack refuses and
 * folder validation reports, built in one place so that both say the same thing.
 * @module
 */
import { finding, type Finding, type Json } from '../model/finding.js';
import type { InputClass } from './classify.js';

/** SP-SES-001 params for an input. */
export interface SessionInputParams {
  daw: string;
  kind: 'file' | 'bundle';
  [k: string]: Json;
}

/** SP-AUD-001 params for an input in an audio format other than WAV/AIFF. */
export interface FormatInputParams {
  reason: 'format';
  format: string;
  hint: string;
  [k: string]: Json;
}

/** SP-ZIP-011 params for an input that is an archive. */
export interface ArchiveInputParams {
  format: string;
  hint: string;
  [k: string]: Json;
}

export { article } from '../model/messages.js';

/** The advice for a file in an unsupported audio format. */
function formatHint(format: string): string {
  return format === 'FLAC' || format === 'Ogg FLAC'
    ? 'FLAC is lossless but not allowed in a package: decode it to WAV (e.g. `ffmpeg -i in.flac -c:a pcm_s24le out.wav`)'
    : 'export the stem again as WAV or AIFF (PCM)';
}

/**
 * The finding an input's class gives, naming it `path`: SP-SES-001 for a session file or
 * bundle, SP-ZIP-011 for an archive, SP-AUD-001 (`reason: 'format'`) for audio that is not
 * WAV/AIFF; null for WAV/AIFF (the header reader judges it) and for other files (ignored).
 */
export function inputFinding(path: string, c: InputClass): Finding | null {
  switch (c.kind) {
    case 'session': {
      const p: SessionInputParams = { daw: c.daw, kind: c.bundle ? 'bundle' : 'file' };
      return finding('SP-SES-001', path, p);
    }
    case 'archive': {
      const p: ArchiveInputParams = { format: c.format, hint: 'unpack what it holds into the folder, or move it out' };
      return finding('SP-ZIP-011', path, p);
    }
    case 'unsupported-audio': {
      const p: FormatInputParams = { reason: 'format', format: c.format, hint: formatHint(c.format) };
      return finding('SP-AUD-001', path, p);
    }
    default:
      return null;
  }
}
