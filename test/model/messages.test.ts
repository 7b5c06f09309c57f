// The message registry: every code has a sentence built from its params, and that sentence names
// the file and gives every figure a person needs, formatted as reports print them. A new code
// without a sample here fails the first test; a message that drops a figure fails the second.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ALL_CODES, type Code } from '../../src/model/codes.js';
import { finding, type At, type Json } from '../../src/model/finding.js';
import { fallbackMessage, fileOf, messageOf, MESSAGES } from '../../src/model/messages.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { validate } from '../../src/validate/index.js';
import { buildFixture, loadRecipes } from '../../src/conformance/index.js';
import { formatTime, groupDigits } from '../../src/model/units.js';

/** One sample finding: its params, path and `at`; figures not worth a person's reading; strings that must appear. */
interface Sample {
  params: { [k: string]: Json };
  path: string;
  at?: At;
  /** Numeric params the message may leave out (indices, confidences, internal figures). */
  skip?: string[];
  /** Further text the message must hold (names, hex figures, fixes). */
  mentions?: string[];
}

const at = (frame: number, seconds: number, extra: Partial<At> = {}): At => ({ frame, seconds, ...extra });
const byte = (byteOffset: number): At => ({ frame: 0, seconds: 0, byteOffset });
const range = { startFrame: 96000, endFrame: 100799, startSeconds: 2, endSeconds: 2.1, peakDbfs: -31.25, peakFrame: 97000 };
const fix = { residualBeforeDbfs: -31.25, residualAfterDbfs: null, improvementDb: 120, confidence: 0.93, step: 1, steps: 1 };
const fixSkip = ['confidence', 'step', 'steps', 'residualBeforeDbfs', 'improvementDb'];

const S: Record<Code, Sample[]> = {
  'SP-ZIP-001': [
    { params: { reason: 'too-small', size: 17 }, path: '' },
    { params: { reason: 'short-read' }, path: '', at: byte(1234) },
    { params: { reason: 'no-eocd' }, path: '', mentions: ['truncated'] },
    { params: { reason: 'zip64-eocd-out-of-range', offset: 123456789 }, path: '' },
    { params: { reason: 'zip64-eocd-missing', offset: 123456789 }, path: '' },
    { params: { reason: 'multi-disk', disk: 2, cdDisk: 1 }, path: '' },
    { params: { reason: 'cd-out-of-range', cdOffset: 5000000, cdSize: 4096, limit: 4999000 }, path: '' },
    { params: { reason: 'entry-count', declared: 70000, possible: 120 }, path: '' },
    { params: { reason: 'too-many-entries', max: 65536, declared: 1000000 }, path: '' },
    { params: { reason: 'cd-truncated', index: 17 }, path: '' },
    { params: { reason: 'cd-signature', index: 18 }, path: '' },
    { params: { reason: 'entry-count-mismatch', declared: 12, found: 11 }, path: '' },
  ],
  'SP-ZIP-002': [
    { params: { reason: 'missing' }, path: 'mimetype', mentions: ['stempack pack'] },
    { params: { reason: 'not-first-in-directory', index: 3 }, path: 'mimetype' },
    { params: { reason: 'not-first-in-archive', offset: 4711 }, path: 'mimetype' },
    { params: { reason: 'compressed', method: 8 }, path: 'mimetype' },
    { params: { reason: 'extra-field', extraLength: 28 }, path: 'mimetype' },
    { params: { reason: 'content', size: 41 }, path: 'mimetype' },
  ],
  'SP-ZIP-003': [{ params: { name: 'Song.zip' }, path: '', mentions: ['Song.zip', 'Song.stempack'] }],
  'SP-ZIP-004': [{ params: {}, path: 'stempack.json', mentions: ['stempack.json'] }],
  'SP-ZIP-005': [{ params: { index: 4 }, path: 'stempack.json' }],
  'SP-ZIP-006': [{ params: { method: 8 }, path: 'stems/bass.wav' }],
  'SP-ZIP-007': [
    { params: { reason: 'data-descriptor', offset: 4096 }, path: 'stems/bass.wav', mentions: ['data descriptor'] },
    { params: { reason: 'size-mismatch', expected: 4800, found: 4700, atLeast: false }, path: 'stems/bass.wav' },
    { params: { reason: 'inflate-error', detail: 'invalid block type' }, path: 'docs/notes.txt', mentions: ['invalid block type'] },
    { params: { reason: 'trailing-bytes', trailing: 99 }, path: '', at: byte(5000) },
    { params: { reason: 'zip64-eocd-mismatch', field: 'cdSize', classic: 1234, zip64: 5678 }, path: '', mentions: ['cdSize'] },
    { params: { reason: 'entries-on-disk', onDisk: 3, total: 5 }, path: '' },
    { params: { reason: 'zip64-missing' }, path: '', mentions: ['Zip64'] },
    { params: { reason: 'cd-gap', cdOffset: 1000, cdSize: 200, endRecord: 1300 }, path: '' },
    { params: { reason: 'extra-malformed', length: 13, header: 'local' }, path: 'stems/bass.wav', mentions: ['local'] },
    { params: { reason: 'zip64-extra-short' }, path: 'stems/bass.wav' },
    { params: { reason: 'zip64-extra-missing' }, path: 'stems/bass.wav' },
    { params: { reason: 'disk-start', diskStart: 2 }, path: 'stems/bass.wav' },
    { params: { reason: 'cd-size-mismatch', declared: 500, used: 460 }, path: '' },
    { params: { reason: 'local-header-out-of-range', offset: 90000, limit: 80000 }, path: 'stems/bass.wav' },
    { params: { reason: 'local-signature', offset: 1234 }, path: 'stems/bass.wav' },
    { params: { reason: 'local-name-mismatch' }, path: 'stems/bass.wav' },
    { params: { reason: 'local-method-mismatch', central: 0, local: 8 }, path: 'stems/bass.wav' },
    { params: { reason: 'local-flags-mismatch', central: 0, local: 1 }, path: 'stems/bass.wav' },
    { params: { reason: 'local-crc32-mismatch', field: 'crc32', central: 0xdeadbeef, local: 0x12345678 }, path: 'stems/bass.wav', skip: ['central', 'local'], mentions: ['deadbeef', '12345678'] },
    { params: { reason: 'local-compressedSize-mismatch', field: 'compressedSize', central: 4000, local: 3999 }, path: 'stems/bass.wav' },
    { params: { reason: 'local-size-mismatch', field: 'size', central: 4000, local: 3999 }, path: 'stems/bass.wav' },
    { params: { reason: 'data-out-of-range', dataOffset: 7000, compressedSize: 9000, limit: 15000 }, path: 'stems/bass.wav' },
    { params: { reason: 'stored-size-mismatch', size: 4000, compressedSize: 3000 }, path: 'stems/bass.wav' },
    { params: { reason: 'compression-ratio', size: 1e12, compressedSize: 1000, maxRatio: 1100 }, path: 'docs/bomb.txt' },
    { params: { reason: 'overlap', other: 'stems/drums.wav', offset: 5000, otherEnd: 6000 }, path: 'stems/bass.wav', mentions: ['stems/drums.wav'] },
    { params: { reason: 'method', method: 12 }, path: 'docs/notes.txt' },
  ],
  'SP-ZIP-008': [
    { params: { reason: 'dotdot', index: 6 }, path: 'stems/../x.wav', skip: ['index'], mentions: ['..'] },
    { params: { reason: 'not-utf8', index: 3 }, path: 'stems/b\u00e4ss.wav', mentions: ['UTF-8'] },
    { params: { reason: 'backslash', index: 5, entry: 'stems/a\\b.wav' }, path: '/in/a\\b.wav', mentions: ['rename'] },
  ],
  'SP-ZIP-009': [
    { params: { kind: 'duplicate', other: 'stems/bass.wav', index: 4, otherIndex: 2 }, path: 'stems/bass.wav' },
    { params: { kind: 'collision', other: 'stems/Bass.wav', index: 4, otherIndex: 2 }, path: 'stems/bass.wav', mentions: ['stems/Bass.wav'] },
    { params: { kind: 'collision', other: 'stems/Drums.wav', entry: 'stems/drums.wav' }, path: '/in/drums.wav', mentions: ['stems/Drums.wav', 'rename'] },
  ],
  'SP-ZIP-010': [{ params: {}, path: 'docs/extra.pdf', mentions: ['manifest'] }],
  'SP-ZIP-015': [
    { params: { reason: 'hidden-bytes', offset: 1234, length: 5678, localNames: ['Song.ptx'] }, path: '', mentions: ['"Song.ptx"', 'no entry of the central directory'] },
    { params: { reason: 'eocd-in-comment', offset: 99000, eocdOffset: 98000 }, path: '', mentions: ['comment'] },
  ],
  'SP-ZIP-011': [
    { params: {}, path: 'docs/more.zip' },
    { params: { entry: 'docs/more.zip' }, path: '/in/more.zip', mentions: ['attach'] },
    { params: { format: '7z', hint: 'unpack what it holds into the folder, or move it out' }, path: 'exports/old.7z', mentions: ['7z', 'unpack'] },
  ],
  'SP-ZIP-012': [{ params: { expectedFolder: 'stems/', found: 'bass.wav' }, path: '/stems/0/path', mentions: ['stems/', 'bass.wav'] }],
  'SP-ZIP-013': [{ params: { expected: 0xcafebabe, found: 0x0badf00d }, path: 'stems/bass.wav', skip: ['expected', 'found'], mentions: ['cafebabe', '0badf00d'] }],
  'SP-ZIP-014': [{ params: { method: 99, flags: 1 }, path: 'stems/bass.wav' }],
  'SP-PAK-001': [{ params: {}, path: '' }],
  'SP-VAL-001': [{ params: {}, path: '' }],
  'SP-SES-001': [
    { params: { daw: 'Pro Tools', kind: 'file' }, path: '/in/Song.ptx', mentions: ['Pro Tools', 'remove Song.ptx', 'not delivered'] },
    { params: { daw: 'Logic Pro', kind: 'bundle' }, path: '/in/Song.logicx', mentions: ['bundle'] },
    { params: { daw: 'Ableton Live' }, path: 'docs/Song.als' },
  ],
  'SP-MAN-001': [
    { params: { reason: 'too-large', bytes: 20000000, limit: 16777216 }, path: 'stempack.json' },
    { params: { reason: 'bom', byteOffset: 0 }, path: 'stempack.json', skip: ['byteOffset'] },
    { params: { reason: 'utf8', byteOffset: 1234 }, path: 'stempack.json' },
    { params: { reason: 'json', byteOffset: 345, line: 12, column: 7 }, path: 'stempack.json' },
  ],
  'SP-MAN-002': [
    { params: { keyword: 'required', missingProperty: 'title' }, path: '/title', mentions: ['/title', 'missing'] },
    { params: { keyword: 'additionalProperties', additionalProperty: 'foo' }, path: '/foo', mentions: ['x-'] },
    { params: { keyword: 'enum', allowedValues: ['wav', 'aiff'], found: 'mp3' }, path: '/format/container', mentions: ['"mp3"', 'wav, aiff'] },
    { params: { keyword: 'type', type: 'integer', found: 'x' }, path: '/timeline/length', mentions: ['integer'] },
    { params: { keyword: 'minimum', comparison: '>=', limit: 1, found: 0 }, path: '/stems/0/channels', skip: ['found'] },
    { params: { keyword: 'anyOf', alternatives: ['role', 'stem'] }, path: '/versions/0/rules/0', mentions: ['role, stem'] },
    { params: { reason: 'missing', field: 'artist', hint: '--artist NAME' }, path: '/artist', mentions: ['artist', '--artist NAME'] },
    { params: { reason: 'mix-not-audio', mix: '/in/mix.mp3' }, path: '/mix', mentions: ['mix.mp3', '--mix'] },
    { params: { reason: 'mix-not-found', candidates: [], hint: '--mix FILE' }, path: '/mix', mentions: ['--mix FILE'] },
    { params: { reason: 'mix-ambiguous', candidates: ['Mix A.wav', 'Mix B.wav'], hint: '--mix FILE' }, path: '/mix', mentions: ['Mix A.wav', 'Mix B.wav', '--mix FILE'] },
    { params: { reason: 'no-stems' }, path: '/stems', mentions: ['stem'] },
    {
      params: {
        reason: 'roles-unclear',
        files: [{ path: 'exports/Audio 1.wav', key: 'Audio 1.wav', candidates: [], reason: 'no role word in the name (words: audio 1)' }, { path: 'exports/Kick and Bass.wav', key: 'Kick and Bass.wav', candidates: ['drums', 'bass'], reason: 'name matched several roles' }],
        roles: ['drums', 'bass'],
        command: 'stempack pack exports -o Song.stempack --role "Audio 1.wav=<role>" --role "Kick and Bass.wav=<role>"',
        template: { 'Audio 1.wav': '<role>', 'Kick and Bass.wav': '<role>' },
      },
      path: '/stems',
      mentions: ['2 stems', 'Audio 1.wav (no role word)', 'Kick and Bass.wav (drums or bass?)', '--role "Audio 1.wav=<role>"'],
    },
  ],
  'SP-MAN-003': [{ params: { pointer: '/stems/2' }, path: 'stems/keys.wav', mentions: ['/stems/2'] }, { params: {}, path: 'stems/keys.wav' }],
  'SP-MAN-004': [{ params: { expected: 1234567, found: 1234000 }, path: 'stems/bass.wav' }],
  'SP-MAN-005': [{ params: { id: 'bass', first: '/stems/0/id' }, path: '/stems/3/id', mentions: ['"bass"', '/stems/0/id'] }],
  'SP-MAN-006': [{ params: { path: 'stems/bass.wav', first: '/stems/0/path' }, path: '/stems/3/path', mentions: ['stems/bass.wav', '/stems/0/path'] }],
  'SP-MAN-007': [{ params: { algorithm: 'sha256', expected: 'a'.repeat(64), found: 'b'.repeat(64) }, path: 'stems/bass.wav', mentions: ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'] }],
  'SP-MAN-008': [{ params: { algorithm: 'sha256', expected: 'c'.repeat(64), found: 'd'.repeat(64) }, path: 'stems/bass.wav', mentions: ['cccccccccccc', 'dddddddddddd'] }],
  'SP-MAN-009': [{ params: { expected: 576000, found: 575999 }, path: 'stems/bass.wav', mentions: ['1 frame'] }],
  'SP-MAN-010': [{ params: { expected: -3.5, found: -3.52 }, path: 'stems/bass.wav' }, { params: { expected: -1, found: null }, path: 'stems/bass.wav', mentions: ['silence'] }],
  'SP-MAN-011': [{ params: { expected: 48000, found: 44100 }, path: '/timeline/sampleRate' }],
  'SP-MAN-012': [{ params: { field: 'isrc' }, path: '/isrc', mentions: ['--isrc'] }, { params: { field: 'credits' }, path: '/credits', mentions: ['--credit'] }],
  'SP-MAN-013': [{ params: { layout: '5.1', expected: 6, found: 2 }, path: '/stems/1/layout', mentions: ['5.1'] }],
  'SP-MAN-014': [
    { params: { name: 'title', byteOffset: 456, firstByteOffset: 123 }, path: '/title', mentions: ['"title"'] },
    { params: { name: 'x', byteOffset: 4560, firstByteOffset: 1230, more: 17 }, path: '/x' },
  ],
  'SP-AUD-001': [
    { params: { reason: 'unrecognised', magic: 'ID3\u0003', formType: '????' }, path: 'stems/bass.wav', mentions: ['WAV'] },
    { params: { reason: 'codec', codec: 'MPEG Layer 3', formatTag: 85, bits: 0 }, path: 'stems/bass.wav', skip: ['formatTag', 'bits'], mentions: ['MPEG Layer 3', '24-bit WAV'] },
    { params: { reason: 'format', format: 'MP3', hint: 'export bass again as 24-bit WAV (or AIFF)' }, path: '/in/bass.mp3', mentions: ['MP3', 'export bass again as 24-bit WAV'] },
  ],
  'SP-AUD-002': [
    { params: { reason: 'chunk-id', chunk: '\u0000\u0000\u0000\u0000' }, path: 'stems/bass.wav', at: byte(3044), mentions: ['3,044'] },
    { params: { reason: 'no-ds64', chunk: 'ds64' }, path: 'stems/bass.wav', mentions: ['ds64'] },
    { params: { reason: 'too-many-chunks', chunk: 'junk' }, path: 'stems/bass.wav', at: byte(800000), mentions: ['800,000'] },
    { params: { reason: 'size-ffffffff', chunk: 'data', declared: 4294967295, available: 57600, frames: 9600 }, path: 'stems/bass.wav', skip: ['declared'], mentions: ['0xFFFFFFFF'] },
    { params: { reason: 'size-ffffffff', chunk: 'LIST' }, path: 'stems/bass.wav', mentions: ['LIST'] },
    { params: { reason: 'size-past-end', chunk: 'data', declared: 576000, available: 288000, frames: 48000 }, path: 'stems/bass.wav', mentions: ['truncated'] },
    { params: { reason: 'frames-past-end', chunk: 'SSND', declared: 80, available: 40, frames: 10 }, path: 'stems/bass.aif' },
    { params: { reason: 'size-zero', chunk: 'data', declared: 0, available: 57600, frames: 0 }, path: 'stems/bass.wav' },
    { params: { reason: 'missing-chunk', chunk: 'SSND', frames: 48000 }, path: 'stems/bass.aif', mentions: ['SSND'] },
    { params: { reason: 'fmt-size', chunk: 'fmt ', declared: 14, available: 14 }, path: 'stems/bass.wav' },
    { params: { reason: 'fmt-values', chunk: 'fmt ', channels: 2, blockAlign: 5, sampleRate: 48000 }, path: 'stems/bass.wav' },
    { params: { reason: 'comm-values', chunk: 'COMM', channels: 0, sampleSize: 24, sampleRate: 44100 }, path: 'stems/bass.aif' },
  ],
  'SP-AUD-003': [
    { params: { expected: 'wav', found: 'aiff' }, path: 'stems/bass.aif', mentions: ['the mix', 'aiff', 'wav'] },
    { params: { expected: 'wav', found: 'aiff', left: '/in/Bass.L.wav', right: '/in/Bass.R.aif' }, path: '/in/Bass.R.aif', mentions: ['Bass.L.wav'] },
  ],
  'SP-AUD-004': [
    { params: { expected: 'int 24-bit', found: 'int 16-bit', expectedBits: 24, foundBits: 16, reference: 'Mix.wav' }, path: 'Bass.wav', mentions: ['Mix.wav'] },
  ],
  'SP-AUD-005': [
    { params: { expected: 48000, found: 44100 }, path: 'stems/bass.wav', mentions: ['the mix'] },
    { params: { expected: 48000, found: 44100, reference: 'Kick.wav' }, path: 'Bass.wav', mentions: ['Kick.wav'] },
  ],
  'SP-AUD-006': [{ params: { sampleRate: 44100, bitDepth: 16, sessionSampleRate: 96000, sessionBitDepth: 24 }, path: 'stems/bass.wav' }],
  'SP-AUD-007': [{ params: { fields: ['bitDepth'], found: { container: 'wav', sampleFormat: 'int', bitDepth: 16, sampleRate: 48000 } }, path: 'stems/bass.wav', mentions: ['bitDepth', '16-bit', '48,000 Hz'] }],
  'SP-AUD-008': [{ params: { extension: 'aif', container: 'wav' }, path: 'stems/bass.aif', mentions: ['.aif', '.wav'] }],
  'SP-AUD-009': [{ params: { bitDepth: 16 }, path: 'stems/bass.wav', mentions: ['24-bit WAV'] }],
  'SP-AUD-010': [{ params: { validBits: 20, bitsPerSample: 24 }, path: 'stems/bass.wav' }],
  'SP-AUD-011': [{ params: { sampleRate: 32000 }, path: 'stems/bass.wav' }],
  'SP-AUD-012': [
    { params: { channels: [{ channel: 1, count: 3, firstFrame: 1234 }], total: 3 }, path: 'stems/pad.wav', at: at(1234, 0.025708, { channel: 1 }), mentions: ['1,234', 'channel 1'] },
  ],
  'SP-LEN-001': [
    { params: { expected: 576000, found: 575999, differenceFrames: -1, differenceMs: -0.021 }, path: 'stems/bass.wav', mentions: ['the mix', 'short'] },
    { params: { expected: 4800, found: 4798, differenceFrames: -2, differenceMs: -0.042, reference: 'drums.wav' }, path: 'vox.wav', mentions: ['drums.wav'] },
    { params: { expected: 4800, found: 4801, differenceFrames: 1, differenceMs: 0.021, left: '/in/Bass.L.wav' }, path: '/in/Bass.R.wav', mentions: ['Bass.L.wav'] },
  ],
  'SP-LEN-002': [{ params: { expected: 576000, found: 576480, differenceFrames: 480, differenceMs: 10 }, path: 'mix/mix.wav', mentions: ['timeline', 'long'] }],
  'SP-LEN-003': [{ params: { dataSize: 20, blockAlign: 6, remainder: 2 }, path: 'stems/bass.wav', mentions: ['3 whole frames'] }],
  'SP-START-001': [
    { params: { expected: 172800000, found: 172800480 }, path: 'stems/bass.wav', mentions: ['480 frames'] },
    { params: { expected: 1000, found: 2000, reference: 'Kick.wav' }, path: 'Bass.wav', mentions: ['Kick.wav'] },
  ],
  'SP-START-002': [{ params: { withBext: 4, files: 5 }, path: 'stems/bass.wav', mentions: ['bext'] }],
  'SP-CH-001': [{ params: { expected: 2, found: 1 }, path: 'stems/bass.wav' }],
  'SP-CH-002': [
    { params: { pair: ['stems/Bass.L.wav', 'stems/Bass.R.wav'] }, path: 'stems/Bass.L.wav', mentions: ['Bass.R.wav', 'one stereo file'] },
    { params: { pair: ['/in/Bass_1.wav', '/in/Bass_2.wav', '/in/Bass_3.wav'], familyUid: 'ABC' }, path: '/in/Bass_1.wav', mentions: ['Bass_3.wav', 'iXML'] },
  ],
  'SP-CH-003': [{ params: { mask: 0x3f, maskBits: 6, channels: 2, layout: 'stereo' }, path: 'stems/bass.wav', skip: ['mask'], mentions: ['0x3f', 'stereo'] }],
  'SP-CH-004': [{ params: { expected: 2, found: 6 }, path: 'stems/fx.wav', mentions: ['the mix'] }],
  'SP-LVL-001': [
    { params: { runs: 3, clippedSamples: 45, threshold: 12, firstFrame: 59232, channel: 1 }, path: 'stems/drums.wav', at: at(59232, 1.234, { channel: 1, endFrame: 59250 }) },
  ],
  'SP-LVL-002': [{ params: { peakDbfs: -0.5, limitDbfs: -1 }, path: 'mix/mix.wav', at: at(123456, 2.572, { channel: 0 }) }],
  'SP-LVL-003': [
    { params: { peakDbfs: 0, roundValueDbfs: 0, files: 1 }, path: 'stems/bass.wav', skip: ['roundValueDbfs', 'files'] },
    { params: { peakDbfs: -1, roundValueDbfs: -1, files: 3 }, path: 'stems/bass.wav' },
  ],
  'SP-LVL-004': [{ params: { frames: 576000 }, path: 'stems/fx.wav' }],
  'SP-LVL-005': [{ params: { channelA: 0, channelB: 1 }, path: 'stems/bass.wav', mentions: ['mono'] }],
  'SP-LVL-006': [{ params: { channel: 1, dcDbfs: -42.5 }, path: 'stems/bass.wav', at: at(0, 0, { channel: 1 }) }],
  'SP-LVL-007': [{ params: { truePeakDbtp: 0.73, limitDbtp: -1, channel: 1, interSampleOvers: 12 }, path: 'mix/mix.wav' }],
  'SP-LVL-008': [{ params: { channelA: 0, channelB: 1 }, path: 'stems/bass.wav' }],
  'SP-LVL-101': [
    {
      params: {
        frames: 576000, peakDbfs: -14.35, peakFrame: 154321, peakChannel: 1, truePeakDbtp: -14.12, truePeakBelowDbtp: null, integratedLufs: -23.41,
        loudnessRangeLu: 5.27, silent: false, correlation: 0.812, interSampleOvers: 0, nearSilentRanges: [], nearSilentRangeCount: 2, dualMonoPairs: [], invertedPairs: [],
        channels: [
          { channel: 0, peakDbfs: -14.5, truePeakDbtp: -14.3, rmsDbfs: -30.2, dcDbfs: -97.31, clipRuns: 0, leadingSilenceFrames: 0, trailingSilenceFrames: 0, silent: false },
          { channel: 1, peakDbfs: -14.35, truePeakDbtp: -14.12, rmsDbfs: -30.1, dcDbfs: -99.02, clipRuns: 2, leadingSilenceFrames: 0, trailingSilenceFrames: 0, silent: false },
        ],
        measured: { loudness: true, truePeak: 'all' },
        sampleRate: 48000,
      },
      path: 'stems/bass.wav',
      skip: ['frames', 'peakFrame', 'peakChannel', 'correlation', 'interSampleOvers', 'nearSilentRangeCount', 'sampleRate'],
      mentions: [formatTime(154321 / 48000), 'DC -97.31 dBFS', '2 clipping runs'],
    },
  ],
  'SP-NULL-001': [
    {
      params: { residualPeakDbfs: -31.25, tolerance: -80, residualRmsDbfs: -52.17, depthDb: 31.4, failingFrames: 57600, failingRanges: [range] },
      path: 'mix/mix.wav',
      at: at(96000, 2, { endFrame: 100799 }),
      mentions: ['0:02.000', '0:02.100'],
    },
  ],
  'SP-NULL-002': [{ params: { tolerance: -40, limit: -60 }, path: '/null/tolerance' }],
  'SP-NULL-101': [
    {
      params: {
        exact: false, residualPeakDbfs: -31.25, residualPeakFrame: 97000, residualPeakChannel: 1, residualRmsDbfs: -52.17, mixRmsDbfs: -18.2, depthDb: 33.97,
        tolerance: -80, pass: false, failingFrames: 57600, perChannel: [], failingRanges: [range], mix: 'mix/mix.wav', stems: ['stems/a.wav', 'stems/b.wav', 'stems/c.wav'],
      },
      path: 'mix/mix.wav',
      at: at(97000, 97000 / 48000, { channel: 1 }),
      skip: ['residualPeakFrame', 'mixRmsDbfs'],
      mentions: ['3 stems'],
    },
    {
      params: {
        exact: true, residualPeakDbfs: null, residualPeakFrame: -1, residualPeakChannel: -1, residualRmsDbfs: null, mixRmsDbfs: -18.2, depthDb: null,
        tolerance: -80, pass: true, failingFrames: 0, perChannel: [], mix: 'mix/mix.wav', stems: ['stems/a.wav', 'stems/b.wav'],
      },
      path: 'mix/mix.wav',
      skip: ['residualPeakFrame', 'residualPeakChannel', 'mixRmsDbfs', 'tolerance', 'failingFrames'],
      mentions: ['exact null', '2 stems'],
    },
  ],
  'SP-NULL-102': [
    { params: { kind: 'offset', stem: 'bass', lagFrames: 1, lagMs: 0.021, ...fix }, path: 'stems/bass.wav', skip: fixSkip, mentions: ['1 frame (0.02 ms) late', 'null exactly'] },
    { params: { kind: 'offset', stem: 'lead', lagFrames: -37, lagMs: -0.771, ...fix, residualAfterDbfs: -61.5 }, path: 'stems/lead.wav', skip: ['confidence', 'step', 'steps', 'improvementDb'], mentions: ['early'] },
    {
      params: { kind: 'gain', stem: 'keys', gainErrorDb: 0.5, correctionDb: -0.5, ...fix, residualAfterDbfs: -40.1, improvementDb: 4.8, step: 1, steps: 2, residualAfterAllDbfs: -106.19 },
      path: 'stems/keys.wav',
      skip: ['confidence', 'step', 'steps', 'residualAfterDbfs'],
      mentions: ['0.50 dB hotter', 'other fix'],
    },
    { params: { kind: 'gain', in: 'mix', gainErrorDb: -1, correctionDb: 1, ...fix }, path: 'mix/mix.wav', skip: fixSkip, mentions: ['the mix (mix.wav) is 1.00 dB quieter'] },
    { params: { kind: 'polarity', stem: 'drums', inverted: true, measuredGainDb: 0, ...fix }, path: 'stems/drums.wav', skip: [...fixSkip, 'measuredGainDb'], mentions: ['inverted polarity'] },
    { params: { kind: 'polarity', in: 'mix', inverted: true, ...fix }, path: 'mix/mix.wav', skip: fixSkip, mentions: ['the mix (mix.wav) has inverted polarity'] },
    { params: { kind: 'swapped', stem: 'lead', swappedIn: 'stem', ...fix }, path: 'stems/lead.wav', skip: fixSkip, mentions: ['left and right swapped'] },
    { params: { kind: 'swapped', in: 'mix', swappedIn: 'mix', ...fix }, path: 'mix/mix.wav', skip: fixSkip, mentions: ['the mix (mix.wav) has left and right swapped'] },
    {
      params: { kind: 'duplicate', stem: 'lead-copy', countedTwice: true, measuredGainDb: null, duplicateOf: 'lead', duplicateOfPath: 'stems/lead.wav', ...fix },
      path: 'stems/lead-copy.wav',
      skip: fixSkip,
      mentions: ['counted twice', 'lead.wav'],
    },
    {
      params: {
        kind: 'bus-processing', relation: 'level-dependent', likely: 'compression', ltiExplainedDb: 3.2, levelGainExplainedDb: 14.1, levelGainCorrelation: -0.91, maxGainReductionDb: 4.37,
        maxGainReductionFrame: 7248000, maxGainReductionSeconds: 151, thresholdDbfs: -18.5, bandGainsDb: [], residualBeforeDbfs: -20.1, residualAfterDbfs: -41.3, residualAfterEstimated: false, confidence: 0.47,
      },
      path: 'mix/mix.wav',
      skip: ['ltiExplainedDb', 'levelGainCorrelation', 'residualBeforeDbfs', 'residualAfterDbfs', 'confidence'],
      mentions: ['compression', '2:31.000', '--bus-processing'],
    },
    {
      params: {
        kind: 'bus-processing', relation: 'spectral', likely: 'eq', ltiExplainedDb: 22.4, levelGainExplainedDb: 1.2, levelGainCorrelation: 0.1, maxGainReductionDb: 0,
        maxGainReductionFrame: null, maxGainReductionSeconds: null, thresholdDbfs: null, bandGainsDb: [{ fromHz: 20, toHz: 250, gainDb: 0.4 }, { fromHz: 2000, toHz: 8000, gainDb: 3.15 }],
        residualBeforeDbfs: -20.1, residualAfterDbfs: -42.5, residualAfterEstimated: true, confidence: 0.75,
      },
      path: 'mix/mix.wav',
      skip: ['levelGainExplainedDb', 'levelGainCorrelation', 'maxGainReductionDb', 'residualBeforeDbfs', 'residualAfterDbfs', 'confidence'],
      mentions: ['EQ', '3.15 dB', '2,000–8,000 Hz'],
    },
    {
      params: {
        kind: 'missing', residualRmsDbfs: -24.3, residualPeakDbfs: -9.87, bestSingleStemImprovementDb: 1.2, ltiExplainedDb: 0.8, residualFlatness: 0.12, noiseLike: false,
        ranges: [{ startFrame: 2976000, endFrame: 3120000, startSeconds: 62, endSeconds: 65, peakDbfs: -9.87, peakFrame: 3000000 }], residualAfterDbfs: -11, confidence: 0.8,
      },
      path: 'mix/mix.wav',
      skip: ['bestSingleStemImprovementDb', 'ltiExplainedDb', 'residualFlatness', 'residualAfterDbfs', 'confidence'],
      mentions: ['music no stem explains', '1:02.000–1:05.000', 'missing', '1:02.500', '3,000,000'],
    },
  ],
  'SP-REN-001': [
    { params: { version: 'instrumental', role: 'vocals' }, path: '/versions/0/rules/0/role', mentions: ['"instrumental"', '"vocals"'] },
    { params: { version: 'tv', stem: 'nope' }, path: '/versions/1/rules/0/stem', mentions: ['"nope"'] },
    { params: { version: 'karaoke' }, path: '/versions', mentions: ['"karaoke"', '--list'] },
  ],
  'SP-REN-002': [{ params: { name: 'tv', first: '/versions/0/name' }, path: '/versions/2/name', mentions: ['"tv"', '/versions/0/name'] }],
  'SP-REN-003': [
    { params: { clamped: 1234, version: 'vocals-up', positions: [{ frame: 48000, channel: 0 }] }, path: 'version:vocals-up', at: at(48000, 1, { channel: 0 }), mentions: ['vocals-up', 'frame 48,000'] },
  ],
  'SP-REN-004': [{ params: {}, path: '' }],
  'SP-REN-005': [{ params: { stemChannels: 6, outputChannels: 2 }, path: 'stems/fx.wav' }],
  'SP-PRO-001': [
    { params: { keyword: 'type', type: 'string', found: 3 }, path: '/name', skip: ['found'], mentions: ['string'] },
    { params: { reason: 'unknown-profile', name: 'mastring', known: ['default', 'mastering'] }, path: 'mastring', mentions: ['"mastring"', 'mastering'] },
    { params: { reason: 'json' }, path: 'my-profile.json', mentions: ['JSON'] },
    { params: { reason: 'unknown-code', code: 'SP-LVL-999' }, path: '/severity/SP-LVL-999', mentions: ['SP-LVL-999'] },
    { params: { reason: 'regex', pattern: '([a-z' }, path: '/namingPattern', mentions: ['([a-z'] },
  ],
  'SP-PRO-002': [{ params: { role: 'vocals-lead', profile: 'mastering' }, path: '/stems', mentions: ['vocals-lead', 'mastering'] }],
  'SP-PRO-003': [
    { params: { fields: ['sampleRate'], profile: 'mastering', sampleRate: 44100, bitDepth: 24, sampleFormat: 'int', container: 'wav', channels: 2 }, path: 'stems/bass.wav', mentions: ['sampleRate', 'mastering'] },
  ],
  'SP-PRO-004': [{ params: { pattern: '^AB_', name: 'bass.wav', profile: 'label' }, path: 'stems/bass.wav', mentions: ['^AB_', 'label'] }],
  'SP-VER-001': [{ params: { found: '2.0.0', implemented: '1.0.0' }, path: '/stempack', mentions: ['2.0.0', '1.0.0'] }],
  'SP-VER-002': [{ params: { found: '1.7.0', implemented: '1.0.0' }, path: '/stempack', mentions: ['1.7.0', '1.0.0'] }],
  'SP-VAL-002': [{ params: {}, path: '' }],
  'SP-NULL-103': [
    {
      params: { frames: 264000, seconds: 5.5, shortest: 'stems/drums.wav', mixFrames: 288000, beyond: [{ path: 'mix/mix.wav', frames: 288000, framesBeyond: 24000, secondsBeyond: 0.5 }] },
      path: 'mix/mix.wav',
      skip: ['seconds', 'mixFrames'],
      mentions: ['264,000 frames', '5.500 s', 'drums.wav', 'mix.wav 24,000 frames (0.500 s)'],
    },
  ],
  'SP-REN-006': [
    { params: { version: 'a-cappella', effect: 'silence', stems: 3, roles: ['drums', 'bass', 'keys'], seconds: 206.5, description: 'Every stem muted except lead and backing vocals.' }, path: 'version:a-cappella', skip: ['seconds'], mentions: ['digital silence', 'drums, bass, keys', '--strict', '3:26.500'] },
    { params: { version: 'instrumental', effect: 'same-as-full', stems: 2, roles: ['drums', 'bass'], seconds: 12 }, path: 'version:instrumental', skip: ['seconds'], mentions: ['same as the full mix', 'drums, bass', '0:12.000'] },
  ],
  'SP-SIG-001': [{ params: { reason: 'base64', detail: 'a character that is not base64 at byte 123' }, path: 'signatures/mixer.sig', mentions: ['broken base64', 'byte 123'] }],
  'SP-SIG-002': [{ params: { expected: 'stempack-delivery', found: 'file', fingerprint: 'SHA256:bg04Q' }, path: 'signatures/mixer.sig', mentions: ['"file"', 'stempack-delivery', 'SHA256:bg04Q'] }],
  'SP-SIG-003': [{ params: { reason: 'sha1', detail: 'ssh-rsa signatures (SHA-1) are refused', fingerprint: 'SHA256:abc' }, path: 'signatures/old.sig', mentions: ['SHA-1', 'SHA256:abc'] }],
  'SP-SIG-004': [{ params: { keyType: 'ED25519', bits: 256, fingerprint: 'SHA256:bg04Q', namespace: 'stempack-delivery', signed: 'stempack.json' }, path: 'signatures/mixer.sig', mentions: ['does not verify', 'manifest', 'SHA256:bg04Q'] }],
  'SP-SIG-005': [
    { params: { signatures: 2, verified: 1, identity: 'mixer@studio' }, path: '', mentions: ['mixer@studio'] },
    { params: { signatures: 0, verified: 0, identity: null }, path: '', skip: ['signatures', 'verified'], mentions: ['no signature'] },
  ],
  'SP-SIG-006': [
    {
      params: { reason: 'expired', fingerprint: 'SHA256:bg04Q', principals: 'mixer@studio', file: 'allowed_signers', line: 3, validAfter: null, validBefore: '20261201', verifyTime: '2026-12-06T00:00:00Z' },
      path: 'signatures/mixer.sig',
      mentions: ['expired', '20261201', 'allowed_signers:3'],
    },
  ],
  'SP-SIG-101': [
    { params: { keyType: 'ED25519', bits: 256, fingerprint: 'SHA256:bg04Q', namespace: 'stempack-delivery', principal: 'mixer@studio', trusted: true }, path: 'signatures/mixer.sig', mentions: ['good', 'mixer@studio'] },
    { params: { keyType: 'ECDSA-SK', bits: 256, fingerprint: 'SHA256:xyz', namespace: 'stempack-delivery', principal: null, trusted: false, userPresence: true, counter: 42 }, path: 'signatures/key.sig', mentions: ['unknown signer', 'touched'] },
  ],
  'SP-RCP-001': [{ params: { reason: 'shape', detail: 'must have required property predicate', pointer: '/predicate' }, path: 'Song.receipt.json', mentions: ['/predicate', 'not a stempack receipt'] }],
  'SP-RCP-002': [
    { params: { subject: 'Song.stempack', expected: 'a'.repeat(64), found: 'b'.repeat(64) }, path: 'Song.receipt.json', mentions: ['Song.stempack', 'another package'] },
    { params: { subject: 'signatures/label.sig', expected: 'a'.repeat(64), found: null }, path: 'Song.receipt.json', mentions: ['does not have'] },
  ],
  'SP-PAK-002': [
    { params: { reason: 'sample-rate', hint: 'export Pad.wav again at 48 kHz', sampleRate: 44100, mixSampleRate: 48000 }, path: '/exports/Pad.wav', mentions: ['Pad.wav', '44,100 Hz', '48,000 Hz', 'never resamples', 'export Pad.wav again'] },
    { params: { reason: 'inexact-float', hint: 'export it again as 24-bit', floatBits: 32, bitDepth: 24, samples: 1234, firstFrame: 48000 }, path: 'Vox.wav', mentions: ['Vox.wav', '1,234 samples', '48,000'] },
    { params: { reason: 'sound-after-end', hint: 'export it again to the mix length', frames: 57600, seconds: 1.2 }, path: 'drums.wav', mentions: ['drums.wav', '1.20 s', '57,600 frames', 'after the mix ends'] },
    { params: { reason: 'sound-before-start', hint: 'h', frames: 480, seconds: 0.01 }, path: 'drums.wav', mentions: ['480 frames', 'before'] },
    { params: { reason: 'no-time-reference', hint: 'h', earliest: 172800000, latest: 172848000 }, path: 'keys.wav', mentions: ['keys.wav', '172,800,000', '172,848,000'] },
    { params: { reason: 'partial-frame', hint: 'h', bytes: 3, blockAlign: 6 }, path: 'keys.wav', mentions: ['3 bytes', '6 bytes'] },
    { params: { reason: 'too-large', hint: 'h', bytes: 5000000000 }, path: 'keys.wav', mentions: ['5,000,000,000 bytes'] },
  ],
  'SP-CNF-001': [
    { params: { reason: 'not-an-audio-item', file: 'stems/x.wav' }, path: '/conform/files/0/path', mentions: ['stems/x.wav', 'neither the mix nor a stem'] },
    { params: { reason: 'repeated-path', file: 'stems/x.wav' }, path: '/conform/files/1/path', mentions: ['twice'] },
    { params: { reason: 'originals', file: 'stems/x.wav', expected: 2, found: 1 }, path: '/conform/files/0/originals', mentions: ['1 original', '2 expected'] },
    { params: { reason: 'order', file: 'stems/x.wav', op: 'pad' }, path: '/conform/files/0/operations/0', mentions: ['pad', 'out of order'] },
    { params: { reason: 'repeated-operation', file: 'stems/x.wav', op: 'pad' }, path: '/conform/files/0/operations/1', mentions: ['pad', 'twice'] },
    { params: { reason: 'join-and-dual-mono', file: 'stems/x.wav' }, path: '/conform/files/0/operations', mentions: ['join', 'dualMono'] },
    { params: { reason: 'empty-span', file: 'stems/x.wav', op: 'pad' }, path: '/conform/files/0/operations/0', mentions: ['no frame'] },
    { params: { reason: 'bad-format', file: 'stems/x.wav', op: 'format' }, path: '/conform/files/0/operations/0', mentions: ['does not exist'] },
  ],
  'SP-CNF-002': [
    { params: { op: 'pad', check: 'padding', expected: 'end', samples: 12, frame: 4320 }, path: 'stems/keys.wav', mentions: ['keys.wav', 'at the end', '12 samples', '4,320'] },
    { params: { op: 'format', check: 'values', samples: 3, frame: 96000 }, path: 'stems/keys.wav', mentions: ['3 sample values', '96,000'] },
    { params: { op: 'dualMono', check: 'dual-mono', frame: 10 }, path: 'stems/keys.wav', mentions: ['dual mono', 'frame 10'] },
    { params: { op: 'pad', check: 'frames', expected: 96000, found: 48000 }, path: 'stems/keys.wav', mentions: ['96,000 frames', '48,000 frames'] },
    { params: { op: 'format', check: 'format', expected: { sampleFormat: 'int', bitDepth: 24 }, found: { sampleFormat: 'int', bitDepth: 16 } }, path: 'stems/keys.wav', mentions: ['int 24', 'int 16'] },
  ],
  'SP-CNF-003': [
    { params: { original: 'Keys.L.wav', index: 0, algorithm: 'sha256', expected: 'a'.repeat(64), found: 'b'.repeat(64) }, path: 'stems/keys.wav', skip: ['index'], mentions: ['keys.wav', 'Keys.L.wav', 'aaaaaaaaaaaa', 'bbbbbbbbbbbb'] },
  ],
};

/** A numeric param as a message must print it: dB and ms with 2 decimals, times m:ss.mmm, counts with grouped digits. */
function shown(key: string, v: number): string {
  if (/(Db|Dbfs|Dbtp|Lufs|Lu)$/.test(key)) return Math.abs(v).toFixed(2);
  if (/Ms$/.test(key)) return Math.abs(v).toFixed(2);
  if (/Seconds$/.test(key)) return formatTime(v);
  return Number.isInteger(v) ? groupDigits(Math.abs(v)) : Math.abs(v).toFixed(2);
}

/** Paths that name a file (not the package, a JSON Pointer or a version). */
function namesFile(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.startsWith('version:') && /\.[A-Za-z0-9]+$/.test(path);
}

describe('the message registry', () => {
  it('has a message and a sample for every code', () => {
    expect(ALL_CODES.filter((c) => typeof MESSAGES[c] !== 'function')).toEqual([]);
    expect(ALL_CODES.filter((c) => !(S[c]?.length > 0))).toEqual([]);
  });

  for (const code of ALL_CODES) {
    for (const [i, s] of (S[code] ?? []).entries()) {
      it(`${code} #${i + 1}: names the file, gives its figures, derives from params`, () => {
        const msg = messageOf(code, s.params as never, s.path, s.at);
        expect(msg.length).toBeGreaterThan(10);
        expect(msg).not.toMatch(/undefined|\bNaN\b(?! or infinity)|\[object Object\]/);
        if (namesFile(s.path)) expect(msg).toContain(fileOf(s.path));
        const skip = new Set(s.skip ?? []);
        for (const [k, v] of Object.entries(s.params)) {
          if (typeof v !== 'number' || skip.has(k)) continue;
          expect(msg, `${k} = ${v}`).toContain(shown(k, v));
        }
        if (s.at && s.at.frame > 0 && !skip.has('at')) expect(msg).toContain(formatTime(s.at.seconds));
        for (const m of s.mentions ?? []) expect(msg).toContain(m);
        // finding() derives the same text
        expect(finding(code, s.path, s.params as never, s.at).message).toBe(msg);
      });
    }
  }

  it('never throws: params missing what the sentence reads fall back to the summary', () => {
    for (const code of ALL_CODES) {
      expect(() => messageOf(code, {} as never, 'stems/x.wav')).not.toThrow();
      expect(messageOf(code, {} as never, 'stems/x.wav').length).toBeGreaterThan(0);
    }
  });
});

describe('messages of real findings', () => {
  it('every finding the conformance fixtures raise reads its own sentence, not the fallback', async () => {
    const book = loadRecipes();
    const generic = new Set<string>(['SP-PAK-001', 'SP-VAL-001', 'SP-REN-004', 'SP-VAL-002']);
    const bad: string[] = [];
    const seen = new Set<string>();
    for (const name of Object.keys(book.fixtures)) {
      const fx = buildFixture(book, name);
      const r = await validate({ source: new BytesSource(fx.bytes, fx.file), name: fx.file }, fx.profile !== undefined ? { profile: fx.profile } : {});
      for (const f of r.findings) {
        seen.add(f.code);
        const code = f.code as Code;
        if (generic.has(code)) continue;
        if (f.message === fallbackMessage(code, f.params, f.path) || /undefined|\[object Object\]/.test(f.message)) bad.push(`${name}: ${f.code} ${f.path}: ${f.message}`);
      }
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(40);
  }, 300_000);
});

describe('messages are derived, never written', () => {
  const src = resolve(import.meta.dirname, '../../src');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });

  it('no source file sets or appends to a finding message', () => {
    const hits: string[] = [];
    for (const f of files(src)) {
      const text = readFileSync(f, 'utf8');
      for (const [n, line] of text.split('\n').entries()) {
        if (/\.message\s*(\+)?=[^=]/.test(line) && !/\b(e|err|error)\.message/.test(line)) hits.push(`${relative(src, f)}:${n + 1}: ${line.trim()}`);
      }
    }
    expect(hits).toEqual([]);
  });
});
