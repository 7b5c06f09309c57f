/**
 * `stempack validate <file>` given a file that is not a package (a WAV, an MP3, a session):
 * what the file is and which command the user wants instead. The CLI reports it as a usage
 * error (exit 2): the command was given the wrong kind of input, and no package was checked.
 * @module
 */
import { basename, dirname } from 'node:path';
import type { AudioHeader, Container } from '../model/audio.js';
import type { ByteSource } from '../model/byte-source.js';
import { formatTime, groupDigits } from '../model/units.js';
import { classifyInput, INPUT_HEAD_BYTES } from '../inputs/classify.js';
import { article } from '../inputs/findings.js';
import { readAudioHeader } from '../audio/read/header.js';
import { shellQuote } from '../model/shell.js';

const CONTAINER: Record<Container, string> = { wav: 'WAV', rifx: 'RIFX (big-endian WAV)', rf64: 'RF64', bw64: 'BW64', aiff: 'AIFF', aifc: 'AIFF-C' };

/** What a WAV/AIFF header says, as one phrase: `a WAV file: PCM 24-bit, 48,000 Hz, 2 channels, 4,800 frames (0:00.100)`. */
export function describeAudioHeader(h: AudioHeader): string {
  const c = CONTAINER[h.container];
  const shape = `${groupDigits(h.sampleRate)} Hz, ${h.channels} channel${h.channels === 1 ? '' : 's'}, ${groupDigits(h.frames)} frames (${formatTime(h.frames / h.sampleRate)})`;
  if (!h.lossless) return `${article(c)} ${c} file holding ${h.codecName}, not lossless PCM: ${shape}`;
  const enc = h.encoding.sampleFormat === 'float' ? `${h.encoding.bitsPerSample}-bit float` : `PCM ${h.encoding.validBits}-bit`;
  return `${article(c)} ${c} file: ${enc}, ${shape}`;
}

/**
 * The message for a file that is not a package, or null when the file should be validated as
 * a package (a ZIP, a `.stempack` by name, or anything not recognised: the package validator
 * then says what is wrong with it).
 */
export async function notAPackage(src: ByteSource, path: string): Promise<string | null> {
  const head = await src.read(0, Math.min(INPUT_HEAD_BYTES, src.size));
  if (head[0] === 0x50 && head[1] === 0x4b) return null; // PK: a ZIP, judged as a package
  const cls = classifyInput(basename(path), head);
  const dir = shellQuote(dirname(path));
  const probe: [string, string] = ['to see what is in the file', `stempack probe ${shellQuote(path)}`];
  const next: [string, string][] = [
    ['to check its folder (the stems and the mix) before packing', `stempack validate ${dir}`],
    ['to make a package of that folder', `stempack pack ${dir} -o Song.stempack --artist <name>`],
  ];
  const say = (first: string, hints: [string, string][]): string => {
    const w = Math.max(...hints.map(([l]) => l.length));
    return [first, ...hints.map(([l, c]) => `  ${`${l}:`.padEnd(w + 1)} ${c}`)].join('\n');
  };
  switch (cls.kind) {
    case 'audio': {
      const { header } = await readAudioHeader(src);
      const what = header ? describeAudioHeader(header) : `${article(cls.format)} ${cls.format} file whose header cannot be read`;
      return say(`${path} is ${what}; it is not a .stempack package.`, [probe, ...next]);
    }
    case 'unsupported-audio':
      return say(`${path} is ${cls.format} audio; it is not a .stempack package, and a package holds WAV or AIFF (PCM) only: export the stem again as WAV or AIFF.`, next);
    case 'session':
      return say(`${path} is ${article(cls.daw)} ${cls.daw} session; it is not a .stempack package, and a delivery holds the printed stems, not the session.`, next);
    default:
      return null;
  }
}
