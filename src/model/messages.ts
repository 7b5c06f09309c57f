/**
 * The message registry: for every requirement code, the sentence a person reads, built from the
 * finding's params (and its path and `at`). Findings never carry hand-written text: `finding()`
 * derives `message` from here, so the JSON report, the text report, pack's refusals and the page
 * all say the same thing.
 *
 * Conventions (a test holds every entry to them): a message names the file it is about (its base
 * name), gives every figure a person needs (frame counts with grouped digits, dB with 2 decimals,
 * ms with 2 decimals, times as m:ss.mmm) and, where there is something to do, says what.
 *
 * Adding a code: give it typed params in `ParamsMap` (finding.ts), an entry here, and a sample in
 * test/model/messages.test.ts. Codes raised in several situations use {@link byReason} (or a
 * `kind` switch) so each situation has its own sentence.
 *
 * This module imports only from `model`.
 */
import { CODES, type Code } from './codes.js';
import type { At, Json, ParamsOf } from './finding.js';
import type {
  Aud001Reasons, Aud002Reasons, ByReason, Man001Reasons, Man002Reasons, Null102Kinds, Pro001Reasons, RangeParams, SchemaIssueParams,
  UnsafeNameReason, Zip001Reasons, Zip002Reasons, Zip007Reasons,
} from './params.js';
import { formatTime, groupDigits } from './units.js';

/** A code's message: its params, the finding's path and `at` in, one sentence out. */
export type MessageFn<C extends Code> = (params: ParamsOf<C>, path: string, at?: At) => string;

// ---- formatting (exported: the text report and tests format figures the same way)

/** A count or size with grouped digits: 9909567 → "9,909,567". Non-integers keep 2 decimals. */
export function num(x: number | null | undefined): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  return Number.isInteger(x) ? groupDigits(x) : x.toFixed(2);
}

/** A dB figure with 2 decimals; null (silence, an exact null) reads "-inf". */
export function db(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-inf';
  return (x + 0).toFixed(2).replace(/^-0\.00$/, '0.00');
}

/** The magnitude of a dB figure with 2 decimals (for "0.50 dB hotter"). */
export function dbAbs(x: number): string {
  return Math.abs(x).toFixed(2);
}

/** Milliseconds with 2 decimals, unsigned. */
export function ms(x: number): string {
  return Math.abs(x).toFixed(2);
}

/** `n` and the word, plural when n ≠ 1 (digits grouped, sign dropped). */
export function count(n: number, word: string, words = `${word}s`): string {
  const a = Math.abs(n);
  return `${num(a)} ${a === 1 ? word : words}`;
}

/** "0:01.234 (frame 59,232)" */
export function when(seconds: number, frame: number): string {
  return `${formatTime(seconds)} (frame ${num(frame)})`;
}

/** A 32-bit value as 8 hex digits. */
export function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/**
 * The file a path names: its last segment ("stems/bass.wav" → "bass.wav", also for absolute
 * paths of pack's inputs); the package for ''; a JSON Pointer into the manifest ("/stems/0/id",
 * no extension at its end) as it is.
 */
export function fileOf(path: string): string {
  if (path === '') return 'the package';
  const t = path.replace(/[/\\]+$/, '');
  const last = t.slice(Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\')) + 1);
  if (path.startsWith('/') && !/\.[A-Za-z0-9]{1,8}$/.test(last)) return path;
  return last || path;
}

/** `a` or `an` before a name, as it is read aloud: an Ableton, an FL Studio, an MP3, a Pro Tools. */
export function article(name: string): 'a' | 'an' {
  return /^(?:[aeiou]|fl\b|mp3|rf|mpeg|sesx)/i.test(name) ? 'an' : 'a';
}

function quote(s: unknown): string {
  return JSON.stringify(String(s));
}

function list(xs: readonly unknown[] | undefined, max = 6): string {
  const a = (xs ?? []).map(String);
  return a.length <= max ? a.join(', ') : `${a.slice(0, max).join(', ')} and ${a.length - max} more`;
}

/** " at 0:01.234 (frame 59,232)" when `at` points into the audio, else "". */
function atText(at: At | undefined): string {
  return at && (at.frame > 0 || at.endFrame !== undefined) ? ` at ${when(at.seconds, at.frame)}` : '';
}

function byteText(at: At | undefined): string {
  return at?.byteOffset !== undefined ? ` (byte ${num(at.byteOffset)})` : '';
}

type Fn = (p: never, path: string, at?: At) => string;

/** A message per `reason`: every reason of the map must have one; an unknown reason reads generically. */
export function byReason<M>(table: { [R in keyof M & string]: (p: { reason: R } & M[R], path: string, at?: At) => string }) {
  return (p: ByReason<M>, path: string, at?: At): string => {
    const reason = (p as { reason?: string }).reason;
    const fn = (table as Record<string, Fn | undefined>)[String(reason)];
    return fn ? (fn as (p: unknown, path: string, at?: At) => string)(p, path, at) : `${fileOf(path)}: ${String(reason)}`;
  };
}

// ---- shared sentences

/** The file a cross-file finding compared with. */
function refOf(p: { reference?: string; left?: string }, mix = 'the mix'): string {
  return p.reference !== undefined ? fileOf(p.reference) : p.left !== undefined ? fileOf(p.left) : mix;
}

function lengthMessage(p: ParamsOf<'SP-LEN-001'> | ParamsOf<'SP-LEN-002'>, path: string, ref: string): string {
  const d = p.differenceFrames;
  return `${fileOf(path)} has ${num(p.found)} frames, ${ref} ${num(p.expected)}: ${count(d, 'frame')} (${ms(p.differenceMs)} ms) ${d < 0 ? 'short' : 'long'}; export every file over the same range`;
}

const UNSAFE: Record<UnsafeNameReason, string> = {
  empty: 'the name is empty',
  absolute: 'it starts with /',
  backslash: 'it contains a backslash',
  drive: 'it starts with a drive letter',
  dotdot: 'it has a .. segment',
  dot: 'it has a . segment',
  control: 'it contains a control character',
  'empty-segment': 'it has an empty segment (//)',
  'not-utf8': 'it is not ASCII and not flagged as UTF-8',
  'invalid-utf8': 'it is flagged UTF-8 but is not valid UTF-8',
};

function show(v: Json | undefined): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'the value';
  return String(v);
}

/** A JSON Schema violation (SP-MAN-002, SP-PRO-001) from the keyword's params. */
export function schemaIssueMessage(p: SchemaIssueParams, path: string): string {
  const where = path === '' ? 'the document' : path;
  const found = show(p['found']);
  switch (p.keyword) {
    case 'required':
      return `${where}: required field is missing`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `${where}: unknown field (extensions must start with "x-")`;
    case 'propertyNames':
      return `${where}: field name is not allowed here`;
    case 'oneOf':
    case 'anyOf': {
      const alts = p['alternatives'];
      if (Array.isArray(alts) && alts.length > 0) return `${where}: needs exactly one of ${list(alts, 20)}`;
      const opts = [...((p['allowedValues'] as Json[] | undefined) ?? []).map(String), ...((p['patterns'] as Json[] | undefined) ?? []).map((x) => `/${String(x)}/`)];
      return `${where}: ${found} is not one of ${list(opts, 40)}`;
    }
    case 'enum':
      return `${where}: ${found} is not one of ${list(p['allowedValues'] as Json[] | undefined, 40)}`;
    case 'const':
      return `${where}: must be ${JSON.stringify(p['allowedValue'])}`;
    case 'type': {
      const t = p['type'];
      return `${where}: ${found} is not of type ${Array.isArray(t) ? t.join(' or ') : String(t)}`;
    }
    case 'pattern':
      return `${where}: ${found} does not match ${String(p['pattern'])}`;
    case 'format':
      return `${where}: ${found} is not a valid ${String(p['format'])}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${where}: ${found} must be ${String(p['comparison'])} ${num(p['limit'] as number)}`;
    case 'minLength':
      return `${where}: must be at least ${count(p['limit'] as number, 'character')} long`;
    case 'maxLength':
      return `${where}: must be at most ${count(p['limit'] as number, 'character')} long`;
    case 'minItems':
      return `${where}: needs at least ${count(p['limit'] as number, 'item')}`;
    case 'maxItems':
      return `${where}: holds at most ${count(p['limit'] as number, 'item')}`;
    case 'uniqueItems':
      return `${where}: items ${num(p['j'] as number)} and ${num(p['i'] as number)} are equal; items must be unique`;
    default:
      return `${where}: ${found} fails ${p.keyword}`;
  }
}

function isSchemaIssue(p: object): p is SchemaIssueParams {
  return typeof (p as { keyword?: unknown }).keyword === 'string';
}

// ---- the null forensics (SP-NULL-102)

type Null102 = ParamsOf<'SP-NULL-102'>;
type Fix = Null102 & { residualBeforeDbfs: number | null; residualAfterDbfs: number | null; improvementDb: number; steps?: number; residualAfterAllDbfs?: number | null };

/**
 * What a fix achieves. Alone: "the stems null exactly", or the residual peak it leaves. One of
 * several: the residual energy it removes, and the residual peak all of them together leave.
 */
function afterFix(p: Fix): string {
  const peak = (after: number | null | undefined) =>
    after === null ? 'the stems null exactly' : `the residual peak falls from ${db(p.residualBeforeDbfs)} to ${db(after)} dBFS`;
  if ((p.steps ?? 1) <= 1) return peak(p.residualAfterDbfs);
  const others = (p.steps ?? 2) - 1;
  return `the residual loses ${db(p.improvementDb)} dB of energy; with the ${others === 1 ? 'other fix' : `${others} other fixes`} listed, ${peak(p.residualAfterAllDbfs ?? p.residualAfterDbfs)}`;
}

function whoOf(p: { stem?: string; in?: string }, path: string): string {
  return p.stem !== undefined || p.in !== 'mix' ? fileOf(path) : `the mix (${fileOf(path)})`;
}

/** The time of a range's peak frame (the range's own frames and seconds give the rate). */
function peakSeconds(r: RangeParams): number {
  const frames = r.endFrame + 1 - r.startFrame;
  const secs = r.endSeconds - r.startSeconds;
  return frames > 0 && secs > 0 ? r.startSeconds + ((r.peakFrame - r.startFrame) * secs) / frames : r.startSeconds;
}

function range(r: RangeParams | undefined): string {
  return r ? `${formatTime(r.startSeconds)}–${formatTime(r.endSeconds)}` : '';
}

const NULL_102: { [K in keyof Null102Kinds & string]: (p: { kind: K } & Null102Kinds[K], path: string, at?: At) => string } = {
  offset: (p, path) => {
    const who = whoOf(p, path);
    const late = p.lagFrames > 0;
    const n = count(p.lagFrames, 'frame');
    return `${who} is ${n} (${ms(p.lagMs)} ms) ${late ? 'late' : 'early'}: moved ${n} ${late ? 'earlier' : 'later'}, ${afterFix(p)}; export ${who} again from the same start as the mix`;
  },
  gain: (p, path) => {
    const who = whoOf(p, path);
    const hot = p.gainErrorDb > 0;
    if (p.stem === undefined && p.in === 'mix') {
      return `${whoOf(p, path)} is ${dbAbs(p.gainErrorDb)} dB ${hot ? 'louder' : 'quieter'} than the stems sum: ${hot ? 'lowered' : 'raised'} ${dbAbs(p.correctionDb)} dB, ${afterFix(p)}; export it again with the master fader at the level the stems were printed with`;
    }
    return `${who} sums ${dbAbs(p.gainErrorDb)} dB ${hot ? 'hotter' : 'quieter'} than the mix: ${hot ? 'lowered' : 'raised'} ${dbAbs(p.correctionDb)} dB, ${afterFix(p)}; export ${who} again at the level it has in the mix`;
  },
  polarity: (p, path) => {
    const who = whoOf(p, path);
    return `${who} has inverted polarity: flipped back, ${afterFix(p)}; export ${who} again without the polarity inversion`;
  },
  swapped: (p, path) => {
    const who = whoOf(p, path);
    return `${who} has left and right swapped: swapped back, ${afterFix(p)}; export ${who} again with its channels in order`;
  },
  duplicate: (p, path) => {
    const who = whoOf(p, path);
    const twin = p.duplicateOfPath !== undefined ? fileOf(p.duplicateOfPath) : p.duplicateOf;
    return `${who} is counted twice${twin !== undefined ? ` (${twin} holds the same audio)` : ' (its audio is already in the other stems)'}: left out, ${afterFix(p)}; remove ${who} from the delivery`;
  },
  'bus-processing': (p, path) => {
    const declare = 'declare mix-bus processing (pack --bus-processing) or print the stems through the mix bus';
    if (p.likely === 'compression') {
      const where = p.maxGainReductionSeconds !== null && p.maxGainReductionFrame !== null ? ` at ${when(p.maxGainReductionSeconds, p.maxGainReductionFrame)}` : '';
      const thr = p.thresholdDbfs !== null ? `, from ${db(p.thresholdDbfs)} dBFS up` : '';
      return `the mix (${fileOf(path)}) has bus compression or limiting the stems lack (gain reduction up to ${db(p.maxGainReductionDb)} dB${where}${thr}; a level-dependent gain explains ${db(p.levelGainExplainedDb)} dB of the residual): ${declare}`;
    }
    let band = p.bandGainsDb[0];
    for (const b of p.bandGainsDb) if (band === undefined || Math.abs(b.gainDb) > Math.abs(band.gainDb)) band = b;
    const shape = band ? ` (largest change ${db(band.gainDb)} dB at ${num(band.fromHz)}–${num(band.toHz)} Hz)` : '';
    return `the mix (${fileOf(path)}) has EQ on the bus the stems lack${shape}; a filter on the stem sum explains ${db(p.ltiExplainedDb)} dB of the residual: ${declare}`;
  },
  missing: (p, path) => {
    const r0 = p.ranges[0];
    const what = p.noiseLike ? 'noise' : 'music';
    // where the residual peaks (the loudest listed range's peak): a stem cut short or a track left
    // out shows there, even when the failing range is the whole song
    const loud = p.ranges.reduce<RangeParams | undefined>((a, r) => (a === undefined || (r.peakDbfs ?? -Infinity) > (a.peakDbfs ?? -Infinity) ? r : a), undefined);
    const peakAt = loud ? ` at ${formatTime(peakSeconds(loud))}, frame ${num(loud.peakFrame)}` : '';
    const over = r0 ? `, over the tolerance ${range(r0)}${p.ranges.length > 1 ? ` and ${count(p.ranges.length - 1, 'more range')}` : ''}` : '';
    return `${what} no stem explains is left in the residual of ${fileOf(path)} (RMS ${db(p.residualRmsDbfs)} dBFS, peak ${db(p.residualPeakDbfs)} dBFS${peakAt})${over}: a stem is likely missing or cut short; deliver every track that plays in the mix, each over the whole song`;
  },
};

// ---- the registry

/** Every code's message. A code without an entry does not compile. */
export const MESSAGES: { [C in Code]: MessageFn<C> } = {
  // container (spec §3)
  'SP-ZIP-001': byReason<Zip001Reasons>({
    'too-small': (p) => `the file is ${count(p.size, 'byte')}, too small to be a ZIP archive: it is not a package, or the copy was cut short`,
    'short-read': (_p, _path, at) => `the end of the file could not be read${byteText(at)}: copy the package again`,
    'no-eocd': () => 'no end of central directory record: not a ZIP archive, or truncated (copy the package again)',
    'zip64-eocd-out-of-range': (p) => `the Zip64 end of central directory record (byte ${num(p.offset)}) lies outside the archive: it is damaged or truncated`,
    'zip64-eocd-missing': (p) => `the Zip64 locator points to byte ${num(p.offset)}, where there is no Zip64 end of central directory record`,
    'multi-disk': (p) => `a split or spanned archive (this is disk ${num(p.disk)}, the central directory is on disk ${num(p.cdDisk)}): join it into one file`,
    'cd-out-of-range': (p) => `the central directory (byte ${num(p.cdOffset)}, ${count(p.cdSize, 'byte')}) lies outside the archive data, which ends at byte ${num(p.limit)}: the package is truncated or damaged`,
    'entry-count': (p) => `the archive declares ${count(p.declared, 'entry', 'entries')}, but its central directory can hold at most ${num(p.possible)}`,
    'too-many-entries': (p) => `the archive declares ${count(p.declared, 'entry', 'entries')}; this reader accepts at most ${num(p.max)}`,
    'cd-truncated': (p, _path, at) => `the central directory ends inside the header of entry ${num(p.index)} (counting from 0)${byteText(at)}`,
    'cd-signature': (p, _path, at) => `the central directory header of entry ${num(p.index)} (counting from 0) has a wrong signature${byteText(at)}`,
    'entry-count-mismatch': (p) => `the central directory holds ${count(p.found, 'entry', 'entries')}, its end record declares ${num(p.declared)}`,
  }),
  'SP-ZIP-002': byReason<Zip002Reasons>({
    missing: () => 'the package has no "mimetype" entry: pack it again with stempack pack',
    'not-first-in-directory': (p) => `"mimetype" is entry ${num(p.index)} of the central directory (counting from 0), not the first: pack it again with stempack pack`,
    'not-first-in-archive': (p) => `"mimetype" starts at byte ${num(p.offset)}, not at byte 0: it must be the first entry of the archive`,
    compressed: (p) => `"mimetype" is compressed (method ${num(p.method)}); it must be stored`,
    'extra-field': (p) => `"mimetype" has a ${num(p.extraLength)}-byte extra field; it must have none`,
    content: (p) => `the "mimetype" entry (${count(p.size, 'byte')}) is not exactly application/vnd.stempack+zip`,
  }),
  'SP-ZIP-003': (p) => {
    const name = fileOf(p.name);
    return `${name} does not end in .stempack: name it ${name.replace(/\.[^.]*$/, '')}.stempack`;
  },
  'SP-ZIP-004': () => 'the package has no stempack.json manifest at its root',
  'SP-ZIP-005': (p) => `the manifest stempack.json is entry ${num(p.index)} of the archive (counting from 0), not the second entry`,
  'SP-ZIP-006': (p, path) => `${fileOf(path)} is compressed (method ${num(p.method)}): audio must be stored uncompressed; pack it again with stempack pack`,
  'SP-ZIP-007': byReason<Zip007Reasons>({
    'size-mismatch': (p, path) => `${fileOf(path)}: the data holds ${p.atLeast ? 'at least ' : ''}${count(p.found, 'byte')}, the central directory declares ${num(p.expected)}`,
    'inflate-error': (p, path) => `${fileOf(path)}: the deflate data cannot be decoded (${p.detail})`,
    'trailing-bytes': (p) => `${count(p.trailing, 'byte')} follow the end of central directory record`,
    'zip64-eocd-mismatch': (p) => `the Zip64 and the classic end of central directory records disagree on ${p.field}: ${num(p.zip64)} against ${num(p.classic)}`,
    'entries-on-disk': (p) => `the end record counts ${count(p.onDisk, 'entry', 'entries')} on this disk and ${num(p.total)} in total`,
    'zip64-missing': () => 'the end of central directory has saturated (0xFFFFFFFF) fields but there is no Zip64 record',
    'cd-gap': (p) => `bytes lie between the central directory (byte ${num(p.cdOffset)}, ${count(p.cdSize, 'byte')}) and its end record at byte ${num(p.endRecord)}`,
    'extra-malformed': (p, path) => `${fileOf(path)}: the ${p.header} extra field (${count(p.length, 'byte')}) is malformed`,
    'zip64-extra-short': (_p, path) => `${fileOf(path)}: the Zip64 extra field lacks fields its header needs`,
    'zip64-extra-missing': (_p, path) => `${fileOf(path)}: a size or offset is 0xFFFFFFFF but there is no Zip64 extra field`,
    'disk-start': (p, path) => `${fileOf(path)}: the entry claims to start on disk ${num(p.diskStart)}`,
    'cd-size-mismatch': (p) => `the central directory's headers take ${count(p.used, 'byte')}, its end record declares ${num(p.declared)}`,
    'local-header-out-of-range': (p, path) => `${fileOf(path)}: the local header at byte ${num(p.offset)} does not fit in the archive data, which ends at byte ${num(p.limit)}`,
    'local-signature': (p, path) => `${fileOf(path)}: no local header at byte ${num(p.offset)}, where the central directory points`,
    'local-name-mismatch': (_p, path) => `${fileOf(path)}: the local header names another file than the central directory`,
    'local-method-mismatch': (p, path) => `${fileOf(path)}: compression method ${num(p.local)} in the local header, ${num(p.central)} in the central directory`,
    'local-flags-mismatch': (p, path) => `${fileOf(path)}: flags ${num(p.local)} in the local header, ${num(p.central)} in the central directory (they differ on encryption)`,
    'local-crc32-mismatch': (p, path) => `${fileOf(path)}: CRC-32 ${hex8(p.local)} in the local header, ${hex8(p.central)} in the central directory`,
    'local-compressedSize-mismatch': (p, path) => `${fileOf(path)}: compressed size ${count(p.local, 'byte')} in the local header, ${num(p.central)} in the central directory`,
    'local-size-mismatch': (p, path) => `${fileOf(path)}: size ${count(p.local, 'byte')} in the local header, ${num(p.central)} in the central directory`,
    'data-out-of-range': (p, path) => `${fileOf(path)}: the data (byte ${num(p.dataOffset)}, ${count(p.compressedSize, 'byte')}) runs past the start of the central directory at byte ${num(p.limit)}`,
    'stored-size-mismatch': (p, path) => `${fileOf(path)} is stored, yet ${count(p.compressedSize, 'byte')} hold ${count(p.size, 'byte')} of content`,
    'compression-ratio': (p, path) => `${fileOf(path)}: ${count(p.size, 'byte')} declared from ${count(p.compressedSize, 'byte')} of deflate data, more than ${num(p.maxRatio)}:1 (a zip bomb or a false size)`,
    overlap: (p, path) => `${fileOf(path)}: the entry at byte ${num(p.offset)} overlaps ${p.other} (which ends at byte ${num(p.otherEnd)})`,
    'data-descriptor': (p, path) => `${fileOf(path)}: the data descriptor at byte ${num(p.offset)} does not give the CRC-32 and sizes of the central directory`,
    method: (p, path) => `${fileOf(path)} uses compression method ${num(p.method)}; entries other than audio must be stored (0) or deflated (8)`,
  }),
  'SP-ZIP-008': (p, path) => {
    const why = UNSAFE[p.reason] ?? p.reason;
    const pos = p.reason === 'not-utf8' || p.reason === 'invalid-utf8' ? `entry ${num(p.index)}` : `character ${num(p.index)}`;
    if (p.entry !== undefined) return `${fileOf(path)} would be stored as "${p.entry}", which is not a safe entry name (${why}, ${pos}): rename the file`;
    return `${quote(path)} is not a safe entry name (${why}, ${pos})`;
  },
  'SP-ZIP-009': (p, path) => {
    if (p.entry !== undefined) return `${fileOf(path)} would be stored as "${p.entry}", colliding with ${p.other}: rename one of them`;
    if (p.kind === 'duplicate') return `${fileOf(path)}: two entries have this name (entries ${num(p.otherIndex)} and ${num(p.index)})`;
    return `${fileOf(path)} and ${p.other} collide after Unicode normalisation and case folding (entries ${num(p.otherIndex)} and ${num(p.index)})`;
  },
  'SP-ZIP-010': (_p, path) => `${fileOf(path)} is in the package but not in the manifest: list it or remove it`,
  'SP-ZIP-011': (p, path) =>
    p.format !== undefined
      ? `${fileOf(path)} is an archive (${p.format}): a delivery holds no nested archives; ${p.hint ?? 'unpack what it holds into the folder, or move it out'}`
      : `${fileOf(path)} is an archive: a package holds no nested archives; attach the files it holds instead`,
  'SP-ZIP-012': (p, path) => `${path}: "${p.found}" is not a file under ${p.expectedFolder}`,
  'SP-ZIP-013': (p, path) => `${fileOf(path)}: CRC-32 ${hex8(p.found)}, the archive says ${hex8(p.expected)}: the entry is damaged; copy the package again`,
  'SP-ZIP-014': (p, path) => `${fileOf(path)} is encrypted (method ${num(p.method)}, flags ${num(p.flags)}): a package is never encrypted`,
  'SP-ZIP-015': (p) => {
    if (p.reason === 'eocd-in-comment') {
      return `the archive comment of the end of central directory record at byte ${num(p.eocdOffset)} holds another end record signature (byte ${num(p.offset)}): readers that look for the end record in different ways read different archives (Python's zipfile takes the last signature); pack it again with stempack pack`;
    }
    const names = p.localNames?.length ? `: they hold a local entry named ${p.localNames.map((n) => JSON.stringify(n)).join(', ')}, which readers that stream the archive extract` : '';
    return `${count(p.length, 'byte')} at byte ${num(p.offset)} belong to no entry of the central directory${names}; pack it again with stempack pack`;
  },
  // conformance classes (spec §2)
  'SP-PAK-001': (p, path) => generic('SP-PAK-001', p, path),
  'SP-VAL-001': (p, path) => generic('SP-VAL-001', p, path),
  // session (spec §4)
  'SP-SES-001': (p, path) => {
    const what = p.kind === 'bundle' || path.endsWith('/') ? 'session bundle folder' : 'session file';
    return `${fileOf(path)} is ${article(p.daw)} ${p.daw} ${what}: sessions are not delivered; remove ${fileOf(path)}`;
  },
  // manifest (spec §5)
  'SP-MAN-001': byReason<Man001Reasons>({
    'too-large': (p, path) => `${fileOf(path)} is ${count(p.bytes, 'byte')}, above the ${num(p.limit)}-byte manifest limit`,
    bom: (_p, path) => `${fileOf(path)} starts with a UTF-8 byte order mark: save it without one`,
    utf8: (p, path) => `${fileOf(path)}: invalid UTF-8 at byte ${num(p.byteOffset)}`,
    json: (p, path) =>
      `${fileOf(path)} is not valid JSON${p.line !== undefined ? ` (line ${num(p.line)}, column ${num(p.column)}, byte ${num(p.byteOffset)})` : ''}`,
  }),
  'SP-MAN-002': (p, path) => (isSchemaIssue(p) ? schemaIssueMessage(p, path) : man002(p, path)),
  'SP-MAN-003': (p, path) =>
    p.pointer !== undefined ? `${fileOf(path)} is listed in the manifest (${p.pointer}) but is not in the package` : `${fileOf(path)} cannot be read from the package`,
  'SP-MAN-004': (p, path) => `${fileOf(path)} is ${count(p.found, 'byte')}, the manifest says ${num(p.expected)}`,
  'SP-MAN-005': (p, path) => `${path}: the id "${p.id}" is already used at ${p.first}`,
  'SP-MAN-006': (p, path) => `${path}: the path "${p.path}" is already listed at ${p.first}`,
  'SP-MAN-007': (p, path) =>
    `${fileOf(path)}: the file's SHA-256 (${p.found.slice(0, 12)}…) differs from the manifest's (${p.expected.slice(0, 12)}…): the file changed after packing`,
  'SP-MAN-008': (p, path) =>
    `${fileOf(path)}: the SHA-256 of the sample data (${p.found.slice(0, 12)}…) differs from the manifest's (${p.expected.slice(0, 12)}…): the audio changed after packing`,
  'SP-MAN-009': (p, path) => `${fileOf(path)} has ${num(p.found)} frames, the manifest says ${num(p.expected)} (${count(p.found - p.expected, 'frame')} ${p.found < p.expected ? 'short' : 'long'})`,
  'SP-MAN-010': (p, path) =>
    `${fileOf(path)} peaks at ${p.found === null ? 'silence' : `${db(p.found)} dBFS`}, the manifest says ${p.expected === null ? 'silence' : `${db(p.expected)} dBFS`}`,
  'SP-MAN-011': (p, path) => `${path}: ${num(p.found)} Hz differs from the format's ${num(p.expected)} Hz`,
  'SP-MAN-012': (p) =>
    p.field === 'isrc' ? 'no ISRC is given: add it (pack --isrc CODE) once one is assigned' : 'no credits are given: add them (pack --credit "NAME=ROLE")',
  'SP-MAN-013': (p, path) => `${path}: layout "${p.layout}" needs ${count(p.expected, 'channel')} but the item has ${num(p.found)}`,
  'SP-MAN-014': (p, path) =>
    `${path}: the name ${JSON.stringify(p.name)} at byte ${num(p.byteOffset)} repeats a member of the same object (byte ${num(p.firstByteOffset)}); parsers disagree on which value counts` +
    (p.more !== undefined ? ` (${num(p.more)} more repeated names not listed)` : ''),
  // audio (spec §6)
  'SP-AUD-001': byReason<Aud001Reasons>({
    unrecognised: (p, path) => `${fileOf(path)} is not a WAV (RIFF, RF64, BW64) or AIFF file (it starts with '${p.magic}', form '${p.formType}'): export it again as WAV`,
    codec: (p, path) =>
      `${fileOf(path)} holds ${p.codec}${p.bits !== undefined ? ` (${num(p.bits)}-bit)` : ''}, not lossless PCM or float: export it again as 24-bit WAV`,
    format: (p, path) => `${fileOf(path)} is ${p.format}, not lossless PCM WAV or AIFF: ${p.hint}`,
  }),
  'SP-AUD-002': byReason<Aud002Reasons>({
    'chunk-id': (_p, path, at) => `${fileOf(path)}: unreadable chunk id${byteText(at)}: the chunk walk stops there; the file is damaged`,
    'no-ds64': (_p, path) => `${fileOf(path)}: an RF64/BW64 file without a ds64 chunk first`,
    'too-many-chunks': (_p, path, at) => `${fileOf(path)}: more than 100,000 chunks: the walk stops${byteText(at)}`,
    'size-ffffffff': (p, path) =>
      p.frames !== undefined
        ? `${fileOf(path)}: the '${p.chunk}' size is 0xFFFFFFFF outside RF64/BW64: taking the ${count(p.available ?? 0, 'byte')} to the end of the file (${count(p.frames, 'frame')})`
        : `${fileOf(path)}: chunk '${p.chunk}' has size 0xFFFFFFFF without a ds64 entry`,
    'size-past-end': (p, path) =>
      `${fileOf(path)}: '${p.chunk}' declares ${count(p.declared ?? 0, 'byte')} but only ${num(p.available)} are in the file${p.frames !== undefined ? ` (${count(p.frames, 'frame')} present)` : ''}: the file is truncated; copy or export it again`,
    'frames-past-end': (p, path) =>
      `${fileOf(path)}: COMM declares ${count(p.declared, 'byte')} of frames but '${p.chunk}' holds ${num(p.available)} (${count(p.frames, 'frame')}): the file is truncated; copy or export it again`,
    'size-zero': (p, path) => `${fileOf(path)}: '${p.chunk}' declares ${num(p.declared)} bytes while ${count(p.available, 'byte')} follow it (${count(p.frames, 'frame')} read)`,
    'missing-chunk': (p, path) => `${fileOf(path)}: no '${p.chunk}' chunk${p.frames !== undefined ? ` but COMM declares ${count(p.frames, 'frame')}` : ''}`,
    'fmt-size': (p, path) => `${fileOf(path)}: the '${p.chunk}' chunk is too short (${count(p.available, 'byte')} in the file, ${num(p.declared)} declared)`,
    'fmt-values': (p, path) =>
      p.channels === 0 || p.blockAlign === 0 || p.sampleRate === 0
        ? `${fileOf(path)}: '${p.chunk}' gives ${count(p.channels, 'channel')}, block align ${num(p.blockAlign)} and ${num(p.sampleRate)} Hz: none may be zero`
        : `${fileOf(path)}: block align ${num(p.blockAlign)} is not a whole number of bytes per channel for ${count(p.channels, 'channel')} (${num(p.sampleRate)} Hz)`,
    'comm-values': (p, path) =>
      `${fileOf(path)}: '${p.chunk}' gives ${count(p.channels, 'channel')}, ${num(p.sampleSize)}-bit samples at ${typeof p.sampleRate === 'number' ? num(p.sampleRate) : p.sampleRate} Hz: none may be zero`,
  }),
  'SP-AUD-003': (p, path) =>
    p.left !== undefined
      ? `split-mono pair: ${fileOf(p.left)} is ${p.expected}, ${fileOf(path)} is ${p.found}: export both halves in one format`
      : `${fileOf(path)} is ${p.found}, ${refOf(p)} is ${p.expected}: all files share the container type; export it again as ${p.expected}`,
  'SP-AUD-004': (p, path) =>
    p.left !== undefined
      ? `split-mono pair: ${fileOf(p.left)} is ${p.expected}, ${fileOf(path)} is ${p.found}: export both halves in one format`
      : `${fileOf(path)} is ${p.found}, ${refOf(p)} is ${p.expected}: all files share sample format and bit depth; export it again as ${p.expected}`,
  'SP-AUD-005': (p, path) =>
    `${fileOf(path)} is at ${num(p.found)} Hz, ${refOf(p)} at ${num(p.expected)} Hz: all files share the sample rate; export it again at ${num(p.expected)} Hz (do not resample)`,
  'SP-AUD-006': (p, path) =>
    `${fileOf(path)} is ${num(p.sampleRate)} Hz ${num(p.bitDepth)}-bit, below the session's ${num(p.sessionSampleRate)} Hz ${num(p.sessionBitDepth)}-bit: export it at the session's resolution`,
  'SP-AUD-007': (p, path) =>
    `the manifest format does not describe ${fileOf(path)} (${list(p.fields)}): it is ${p.found.container} ${p.found.sampleFormat} ${num(p.found.bitDepth)}-bit ${num(p.found.sampleRate)} Hz`,
  'SP-AUD-008': (p, path) =>
    `${fileOf(path)} holds ${p.container.toUpperCase()} data but is named .${p.extension}: name it .${p.container === 'aiff' || p.container === 'aifc' ? (p.container === 'aifc' ? 'aifc' : 'aif') : 'wav'}`,
  'SP-AUD-009': (p, path) => `${fileOf(path)} is ${num(p.bitDepth)}-bit integer PCM; 24-bit or deeper is recommended: export it again as 24-bit WAV`,
  'SP-AUD-010': (p, path) => `${fileOf(path)} has ${num(p.validBits)} valid bits in ${num(p.bitsPerSample)}-bit containers`,
  'SP-AUD-011': (p, path) => `${fileOf(path)} is at ${num(p.sampleRate)} Hz; 44,100 Hz or higher is recommended`,
  'SP-AUD-012': (p, path, at) => {
    const where = p.channels.map((c) => `channel ${num(c.channel)}: ${num(c.count)} from frame ${num(c.firstFrame)}`).join('; ');
    return `${fileOf(path)} holds ${count(p.total, 'non-finite sample')} (NaN or infinity), the first${atText(at) || ` at frame ${num(at?.frame ?? 0)}`}: ${where}; export it again`;
  },
  // length, start, channels (spec §6.3-6.5)
  'SP-LEN-001': (p, path) =>
    p.left !== undefined
      ? `split-mono pair: ${fileOf(p.left)} has ${num(p.expected)} frames, ${fileOf(path)} ${num(p.found)} (${count(p.differenceFrames, 'frame')}, ${ms(p.differenceMs)} ms ${p.differenceFrames < 0 ? 'short' : 'long'})`
      : lengthMessage(p, path, refOf(p)),
  'SP-LEN-002': (p, path) => lengthMessage(p, path, 'the timeline'),
  'SP-LEN-003': (p, path) =>
    `${fileOf(path)}: the sample data is ${count(p.dataSize, 'byte')}: ${count(Math.floor(p.dataSize / p.blockAlign), 'whole frame')} of ${num(p.blockAlign)} bytes and ${count(p.remainder, 'byte')} left over`,
  'SP-START-001': (p, path) =>
    `${fileOf(path)} starts at TimeReference ${num(p.found)}, ${count(p.found - p.expected, 'frame')} ${p.found > p.expected ? 'later' : 'earlier'} than ${p.reference !== undefined ? fileOf(p.reference) : 'the start'} (${num(p.expected)}): export every file from the same start`,
  'SP-START-002': (p, path) =>
    `${fileOf(path)} has no bext chunk; ${num(p.withBext)} of the ${num(p.files)} files ${p.withBext === 1 ? 'has' : 'have'} one: export every file as Broadcast WAV`,
  'SP-CH-001': (p, path) => `${fileOf(path)} has ${count(p.found, 'channel')}, the manifest says ${num(p.expected)}`,
  'SP-CH-002': (p) => {
    const names = p.pair.map(fileOf);
    return p.familyUid !== undefined
      ? `${list(names)} are one iXML split-mono file set of ${num(names.length)} files: a stem is one interleaved file; export it as one multichannel file`
      : `${names.join(' and ')} are a split-mono pair: a stereo stem is one interleaved file; export it as one stereo file`;
  },
  'SP-CH-003': (p, path) =>
    `${fileOf(path)}: channel mask 0x${p.mask.toString(16)} names ${count(p.maskBits, 'speaker')} for ${count(p.channels, 'channel')}${p.layout !== null ? ` (${p.layout})` : ''}: export it again with a correct mask`,
  'SP-CH-004': (p, path) => `${fileOf(path)} has ${count(p.found, 'channel')}, ${refOf(p)} ${num(p.expected)}`,
  // levels (spec §7)
  'SP-LVL-001': (p, path, at) =>
    `${fileOf(path)} clips on channel ${num(p.channel)}: ${count(p.runs, 'run')} of ${num(p.threshold)} or more full-scale samples (${count(p.clippedSamples, 'sample')}), the first at ${at ? when(at.seconds, p.firstFrame) : `frame ${num(p.firstFrame)}`}: export it with headroom`,
  'SP-LVL-002': (p, path, at) =>
    `${fileOf(path)}: sample peak ${db(p.peakDbfs)} dBFS${at?.channel !== undefined ? ` on channel ${num(at.channel)}` : ''}${atText(at)} is at or above the limit of ${db(p.limitDbfs)} dBFS: export it with headroom`,
  'SP-LVL-003': (p, path) =>
    p.files <= 1
      ? `${fileOf(path)} peaks at ${db(p.peakDbfs)} dBFS: it looks normalised; deliver it at its level in the mix`
      : `${fileOf(path)} peaks at ${db(p.peakDbfs)} dBFS, like ${num(p.files - 1)} other files at exactly ${db(p.roundValueDbfs)} dBFS (${num(p.files)} files): they look normalised; deliver them at their level in the mix`,
  'SP-LVL-004': (p, path) => `${fileOf(path)} is digital silence throughout (${count(p.frames, 'frame')}): export the stem again or leave it out`,
  'SP-LVL-005': (p, path) => `${fileOf(path)}: channels ${num(p.channelA)} and ${num(p.channelB)} are bit-identical (dual mono): deliver it as a mono file`,
  'SP-LVL-006': (p, path) => `${fileOf(path)}: DC offset ${db(p.dcDbfs)} dBFS on channel ${num(p.channel)}, above -50.00 dBFS: remove the DC offset`,
  'SP-LVL-007': (p, path) =>
    `${fileOf(path)}: true peak ${db(p.truePeakDbtp)} dBTP on channel ${num(p.channel)} is above the limit of ${db(p.limitDbtp)} dBTP${p.interSampleOvers !== null ? ` (${count(p.interSampleOvers, 'inter-sample over')})` : ''}`,
  'SP-LVL-008': (p, path) => `${fileOf(path)}: channel ${num(p.channelB)} is the exact inverse of channel ${num(p.channelA)}`,
  'SP-LVL-101': (p, path) => `${fileOf(path)}: ${levelFigures(p)}`,
  // null sum (spec §8)
  'SP-NULL-001': (p, path) => {
    const r0 = p.failingRanges[0];
    return (
      `the stems do not null against ${fileOf(path)}: residual peak ${db(p.residualPeakDbfs)} dBFS is above the tolerance of ${num(p.tolerance)} dBFS ` +
      `(RMS ${db(p.residualRmsDbfs)} dBFS, depth ${db(p.depthDb)} dB; ${count(p.failingFrames, 'frame')} over${r0 ? `, the worst at ${range(r0)}` : ''})`
    );
  },
  'SP-NULL-002': (p, path) => `${path}: a tolerance of ${num(p.tolerance)} dBFS is looser than ${num(p.limit)} dBFS`,
  'SP-NULL-101': (p, path, at) => {
    const summed = p.stems !== undefined ? `${count(p.stems.length, 'stem')} against ${fileOf(p.mix ?? path)}` : `the stems against ${fileOf(path)}`;
    if (p.exact) return `exact null: ${summed}, sample for sample`;
    const where = p.residualPeakFrame >= 0 ? `${at ? ` at ${formatTime(at.seconds)}` : ''} on channel ${num(p.residualPeakChannel)}` : '';
    return (
      `null-sum of ${summed}: residual peak ${db(p.residualPeakDbfs)} dBFS${where}, RMS ${db(p.residualRmsDbfs)} dBFS, depth ${db(p.depthDb)} dB ` +
      `(tolerance ${num(p.tolerance)} dBFS: ${p.pass ? 'pass' : `fails on ${count(p.failingFrames, 'frame')}`}${p.busProcessing ? ', mix-bus processing declared' : ''})`
    );
  },
  'SP-NULL-103': (p) => {
    const left = p.beyond.map((b) => `${fileOf(b.path)} ${count(b.framesBeyond, 'frame')} (${b.secondsBeyond.toFixed(3)} s)`).join(', ');
    return `lengths differ: the null was computed over the first ${count(p.frames, 'frame')} (${p.seconds.toFixed(3)} s, the length of ${fileOf(p.shortest)}), the span every file covers; not compared: ${left}`;
  },
  'SP-NULL-102': (p, path, at) => {
    const fn = (NULL_102 as Record<string, Fn | undefined>)[String(p.kind)];
    return fn ? (fn as (p: unknown, path: string, at?: At) => string)(p, path, at) : `the null fails: ${String(p.kind)} in ${fileOf(path)}`;
  },
  // versions and render (spec §9)
  'SP-REN-001': (p, path) => {
    if (p.role !== undefined) return `${path}: version "${p.version}" names role "${p.role}", which no stem has`;
    if (p.stem !== undefined) return `${path}: version "${p.version}" names stem "${p.stem}", which no stem has`;
    return `the package has no version "${p.version}": list its versions with stempack render --list`;
  },
  'SP-REN-002': (p, path) => `${path}: version "${p.name}" is already defined at ${p.first}`,
  'SP-REN-003': (p, _path, at) =>
    `${count(p.clamped, 'sample')} clamped in version ${p.version ?? ''}${at ? `, the first at ${when(at.seconds, at.frame)}${at.channel !== undefined ? ` on channel ${num(at.channel)}` : ''}` : ''}: lower the gains, or render to 32-bit float`,
  'SP-REN-004': (p, path) => generic('SP-REN-004', p, path),
  'SP-REN-005': (p, path) =>
    `${fileOf(path)} has ${count(p.stemChannels, 'channel')}: a stem sums into a ${num(p.outputChannels)}-channel mix only with 1 or ${num(p.outputChannels)} channels`,
  'SP-REN-006': (p) => {
    const what = p.description !== undefined ? ` (${p.description.replace(/\.$/, '')})` : '';
    const roles = `roles: ${p.roles.join(', ')}`;
    return p.effect === 'silence'
      ? `version "${p.version}"${what} mutes all ${count(p.stems, 'stem')} of this package (${roles}): the render is ${formatTime(p.seconds)} of digital silence; pick another version, or refuse such renders with --strict`
      : `version "${p.version}"${what} changes none of the ${count(p.stems, 'stem')} of this package (${roles}): the render is the same as the full mix (${formatTime(p.seconds)}); pick another version, or refuse such renders with --strict`;
  },
  // signatures and receipts (spec §3.6, §3.7, §12.1)
  'SP-SIG-001': (p, path) => `${path} ${SIG_REASONS[p.reason] ?? 'cannot be read'} (${p.detail})`,
  'SP-SIG-002': (p, path) => `${path} was made for the namespace "${p.found}", not "${p.expected}" (key ${p.fingerprint}): a signature made for something else`,
  'SP-SIG-003': (p, path) => `${path} is refused: ${p.detail} (key ${p.fingerprint})`,
  'SP-SIG-004': (p, path) => {
    const manifest = p.signed === 'stempack.json';
    return `${path} does not verify over ${p.signed}: ${p.keyType} key ${p.fingerprint}${p.bits > 0 ? ` (${num(p.bits)} bits)` : ''}; the ${manifest ? 'manifest' : 'file'} was changed after signing, or the signature belongs to another ${manifest ? 'package' : 'file'}`;
  },
  'SP-SIG-005': (p) => {
    const who = p.identity !== null ? ` for ${p.identity}` : '';
    if (p.signatures === 0) return `the package carries no signature; none from an allowed signer${who}`;
    return `no signature from an allowed signer${who}: ${count(p.signatures, 'signature')}, ${num(p.verified)} verified, none from a key the allowed signers list${who}`;
  },
  'SP-SIG-006': (p, path) => {
    const bound = p.reason === 'expired' ? `expired (valid-before ${p.validBefore})` : `not valid yet (valid-after ${p.validAfter})`;
    return `${path}: the key ${p.fingerprint} of ${p.principals} is ${bound} at ${p.verifyTime} (${p.file}:${num(p.line)})`;
  },
  'SP-SIG-101': (p, path) => {
    const who = p.principal !== null ? ` from ${p.principal}` : p.trusted === null ? '; who signed is not checked without allowed signers (stempack verify --allowed-signers)' : ' from an unknown signer (no allowed signers line allows this key)';
    const sk = p.userPresence === undefined ? '' : `; security key ${p.userPresence ? 'touched' : 'NOT touched'} (counter ${num(p.counter)})`;
    return `${path}: good "${p.namespace}" signature with ${p.keyType} key ${p.fingerprint}${p.bits > 0 ? ` (${num(p.bits)} bits)` : ''}${who}${sk}`;
  },
  'SP-RCP-001': (p, path) => `${path} is not a stempack receipt: ${p.pointer ? `${p.pointer}: ` : ''}${p.detail}`,
  'SP-RCP-002': (p, path) =>
    p.found === null
      ? `${path}: the receipt names ${p.subject}, which this package does not have`
      : `${path}: ${p.subject} has SHA-256 ${p.found.slice(0, 16)}..., the receipt says ${p.expected.slice(0, 16)}...: the receipt is for another package or version`,
  // profiles (spec §10)
  'SP-PRO-001': (p, path) => (isSchemaIssue(p) ? schemaIssueMessage(p, path) : pro001(p, path)),
  'SP-PRO-002': (p) => `profile ${p.profile} requires a stem of role ${p.role}, and the package has none`,
  'SP-PRO-003': (p, path) =>
    `${fileOf(path)}: ${list(p.fields)} not allowed by profile ${p.profile} (it is ${p.container} ${p.sampleFormat} ${num(p.bitDepth)}-bit, ${num(p.sampleRate)} Hz, ${count(p.channels, 'channel')})`,
  'SP-PRO-004': (p) => `${p.name} does not match the naming pattern ${p.pattern} of profile ${p.profile}`,
  // versioning (spec §11), report (spec §12)
  'SP-VER-001': (p, path) => `${path}: spec version ${p.found} has a major version this reader does not implement (it implements ${p.implemented})`,
  'SP-VER-002': (p, path) => `${path}: spec version ${p.found} is newer than this reader's ${p.implemented}; fields it does not know are reported`,
  // conform (spec §5.5)
  'SP-PAK-002': (p, path) => `${fileOf(path)}: cannot be conformed without changing a sample value: ${pak002Why(p)}: ${p.hint}`,
  'SP-CNF-001': (p, path) => `${path}: ${cnf001Why(p)}`,
  'SP-CNF-002': (p, path) => `${fileOf(path)}: ${cnf002Why(p)}`,
  'SP-CNF-003': (p, path) =>
    `${fileOf(path)}: undoing the conform record does not give back the sample data of ${fileOf(p.original)} (SHA-256 ${p.found.slice(0, 12)}…, the record says ${p.expected.slice(0, 12)}…): the file was changed in a way the record does not say`,
  'SP-VAL-002': (p, path) => generic('SP-VAL-002', p, path),
};

/** SP-PAK-002: why conform cannot repair a file, with its figures. */
function pak002Why(p: ParamsOf<'SP-PAK-002'>): string {
  const n = (x: number | undefined) => num(x ?? 0);
  switch (p.reason) {
    case 'sample-rate':
      return `${n(p.sampleRate)} Hz in a ${n(p.mixSampleRate)} Hz set; conform never resamples`;
    case 'inexact-float':
      return `${p.floatBits}-bit float with ${count(p.samples ?? 0, 'sample')} that ${p.bitDepth}-bit integers cannot hold exactly (the first at frame ${n(p.firstFrame)}); conform never quantises`;
    case 'sound-after-end':
      return `${(p.seconds ?? 0).toFixed(2)} s (${count(p.frames ?? 0, 'frame')}) of sound after the mix ends; only digital silence is trimmed`;
    case 'sound-before-start':
      return `${(p.seconds ?? 0).toFixed(2)} s (${count(p.frames ?? 0, 'frame')}) of sound before the mix starts; only digital silence is trimmed`;
    case 'no-time-reference':
      return `no BWF TimeReference while the other files start at different times (${n(p.earliest)} to ${n(p.latest)}), so where it starts is unknown`;
    case 'partial-frame':
      return `${count(p.bytes ?? 0, 'byte')} of a partial frame end its sample data (frames are ${n(p.blockAlign)} bytes)`;
    case 'too-large':
      return `${n(p.bytes)} bytes of samples do not fit the container`;
  }
}

/** SP-CNF-001: which rule of its own a conform record breaks. */
function cnf001Why(p: ParamsOf<'SP-CNF-001'>): string {
  switch (p.reason) {
    case 'not-an-audio-item':
      return `the conform record names ${p.file}, which is neither the mix nor a stem of the manifest`;
    case 'repeated-path':
      return `the conform record lists ${p.file} twice`;
    case 'originals':
      return `${p.file} lists ${count(p.found ?? 0, 'original')}; ${num(p.expected)} expected (${p.expected === 2 ? 'a join has a left and a right original' : 'one original without a join'})`;
    case 'order':
      return `operation ${p.op} of ${p.file} is out of order (join, dualMono, format, container, trim, pad, timeReference)`;
    case 'repeated-operation':
      return `${p.file} lists the operation ${p.op} twice`;
    case 'join-and-dual-mono':
      return `${p.file} lists both join and dualMono`;
    case 'empty-span':
      return `${p.op} of ${p.file} adds or removes no frame`;
    case 'bad-format':
      return `${p.op} of ${p.file} names a sample format and depth that does not exist (integers have 8, 16, 24 or 32 bits, floats 32 or 64)`;
  }
}

/** SP-CNF-002: what the stored file contradicts in its conform record. */
function cnf002Why(p: ParamsOf<'SP-CNF-002'>): string {
  const j = (v: unknown): string => (v !== null && typeof v === 'object' ? Object.values(v).join(' ') : typeof v === 'number' ? num(v) : String(v));
  switch (p.check) {
    case 'padding':
      return `the recorded pad ${p.expected === 'start' ? 'at the start' : 'at the end'} is not digital zero: ${count(p.samples ?? 0, 'sample')}, the first at frame ${num(p.frame)}`;
    case 'values':
      return `${count(p.samples ?? 0, 'sample value')} are not values the originals' format holds (the first at frame ${num(p.frame)}): the ${p.op} operation did more than store them anew`;
    case 'dual-mono':
      return `the record says dual mono, but the channels differ from frame ${num(p.frame)} on`;
    case 'frames':
      return `the recorded pads (${count(typeof p.expected === 'number' ? p.expected : 0, 'frame')}) are longer than the file (${count(typeof p.found === 'number' ? p.found : 0, 'frame')})`;
    default:
      return `the record's ${p.op} says ${p.check} ${j(p.expected)}, the file has ${j(p.found)}`;
  }
}

/** SP-SIG-001: what is wrong with an unreadable signature, by `reason`. */
const SIG_REASONS: Record<string, string> = {
  method: 'is compressed; signature entries are stored',
  position: 'comes before the manifest; signature entries come after it',
  'too-large': 'is too large to be a signature',
  armour: 'is not an armoured SSH signature',
  base64: 'has broken base64 inside its armour',
  magic: 'is not an SSHSIG signature',
  version: 'has an SSHSIG version this reader does not know',
  truncated: 'is truncated',
  length: 'has a field whose length runs past the signature',
  trailing: 'has bytes after its last field',
  namespace: 'has an empty namespace',
  utf8: 'has a text field that is not UTF-8',
  key: 'holds a public key that cannot be read',
  signature: 'holds a signature value that cannot be read',
};

const man002 = byReason<Man002Reasons>({
  missing: (p) => `the manifest needs the ${p.field}: add ${p.hint}`,
  'mix-not-audio': (p) => `the mix ${fileOf(p.mix)} is not a readable lossless audio file: give a WAV or AIFF mix with --mix FILE`,
  'mix-not-found': (p) =>
    `no file is named like the mix (mix, master, full, main, 2mix...)${p.candidates.length > 0 ? `; candidates: ${list(p.candidates)}` : ''}: name it with ${p.hint}`,
  'mix-ambiguous': (p) => `several files are named like the mix (${list(p.candidates)}): choose one with ${p.hint}`,
  'no-stems': () => 'no stem files among the inputs: give the folder of stem exports',
  'roles-unclear': (p) => {
    const n = p.files.length;
    const names = p.files.map((f) => `${f.key} (${f.candidates.length > 0 ? `${f.candidates.join(' or ')}?` : 'no role word'})`).join(', ');
    return `${count(n, 'stem')} without a clear role: ${names}; give ${n === 1 ? 'it' : 'each'} a role (${p.roles.join(', ')}) and run: ${p.command}`;
  },
});

const pro001 = byReason<Pro001Reasons>({
  'unknown-profile': (p) => `no built-in profile is named "${p.name}" (known: ${list(p.known)})`,
  json: (_p, path) => `${fileOf(path)} is not valid JSON`,
  'unknown-code': (p, path) => `${path}: ${p.code} is not a registered code`,
  regex: (p, path) => `${path}: ${p.pattern} is not a valid regular expression`,
});

/** The figures of an SP-LVL-101: what was measured, nothing else. */
function levelFigures(p: ParamsOf<'SP-LVL-101'>): string {
  if (p.silent) return `digital silence (${count(p.frames, 'frame')})`;
  const parts: string[] = [];
  const sr = p.sampleRate;
  parts.push(`peak ${db(p.peakDbfs)} dBFS${sr !== undefined && sr > 0 && p.peakFrame >= 0 ? ` at ${formatTime(p.peakFrame / sr)}` : ''}`);
  if (p.truePeakDbtp !== null) parts.push(`true peak ${db(p.truePeakDbtp)} dBTP`);
  else if (p.truePeakBelowDbtp !== null && p.truePeakBelowDbtp !== undefined) parts.push(`true peak below ${db(p.truePeakBelowDbtp)} dBTP`);
  if (p.integratedLufs !== null) parts.push(`${db(p.integratedLufs)} LUFS`);
  if (p.loudnessRangeLu !== null) parts.push(`LRA ${db(p.loudnessRangeLu)} LU`);
  const dcs = (p.channels ?? []).map((c) => c.dcDbfs).filter((x): x is number => typeof x === 'number');
  if (dcs.length > 0) parts.push(`DC ${db(Math.max(...dcs))} dBFS`);
  const clips = (p.channels ?? []).reduce((a, c) => a + (c.clipRuns ?? 0), 0);
  if (clips > 0) parts.push(count(clips, 'clipping run'));
  return parts.join(', ');
}

/**
 * The sentence of a code without its own (SP-PAK-001, SP-VAL-001, SP-REN-004, SP-VAL-002, which no
 * check raises today), and of a finding whose params its entry cannot read: the code's summary and
 * the flat params.
 */
export function fallbackMessage(code: Code, p: object, path: string): string {
  return generic(code, p, path);
}

function generic(code: Code, p: object, path: string): string {
  const figures = Object.entries(p)
    .filter(([, v]) => typeof v !== 'object' || v === null)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? num(v) : String(v)}`)
    .join(', ');
  const head = path === '' ? '' : `${fileOf(path)}: `;
  return `${head}${CODES[code].summary.replace(/\.$/, '')}${figures ? ` (${figures})` : ''}`;
}

/**
 * The message of a finding, from the registry. Never throws: params that lack what the entry
 * reads (a report from another tool, a code from a newer spec) fall back to the code's summary.
 */
export function messageOf<C extends Code>(code: C, params: ParamsOf<C>, path: string, at?: At): string {
  return messageFor(code, params, path, at);
}

/** {@link messageOf} without the types (a report's code is a plain string). */
export function messageFor(code: string, params: unknown, path: string, at?: At): string {
  return withMore(code, params, ownMessage(code, params, path, at));
}

function ownMessage(code: string, params: unknown, path: string, at?: At): string {
  const fn = (MESSAGES as Record<string, Fn | undefined>)[code];
  try {
    if (fn) return (fn as (p: unknown, path: string, at?: At) => string)(params, path, at);
  } catch {
    // fall through to the summary
  }
  const p = params !== null && typeof params === 'object' ? params : {};
  return code in CODES ? generic(code as Code, p, path) : `${fileOf(path)}: ${code}`;
}

/**
 * A finding that stands for others of its code it does not list (`params.more`, spec §12: a
 * report lists at most 100 findings of one code) says so, unless its own sentence already does.
 */
function withMore(code: string, params: unknown, msg: string): string {
  const more = params !== null && typeof params === 'object' ? (params as { more?: unknown }).more : undefined;
  if (typeof more !== 'number' || !(more > 0) || /\bmore\b[^()]*not listed/.test(msg)) return msg;
  return `${msg} (${num(more)} more ${code} findings not listed)`;
}
