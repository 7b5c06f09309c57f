/** What the audio core reports about an audio file. Types only. */

/** Container family as read from the file's magic. */
export type Container = 'wav' | 'rifx' | 'rf64' | 'bw64' | 'aiff' | 'aifc';
/** Manifest-level container class: RIFF/RIFX/RF64/BW64 are all `wav`; AIFF and AIFF-C are `aiff`. */
export type ContainerClass = 'wav' | 'aiff';
/** Integer PCM or IEEE float. */
export type SampleFormat = 'int' | 'float';
export type ByteOrder = 'le' | 'be';

/** One chunk as the walker found it. */
export interface ChunkInfo {
  id: string;
  /** Byte offset of the chunk header. */
  offset: number;
  /** Size of the chunk body (from ds64 for RF64 data). */
  size: number;
}

/** Broadcast WAV `bext` fields (EBU Tech 3285 v0-v2). */
export interface BextInfo {
  description: string;
  originator: string;
  originatorReference: string;
  originationDate: string;
  originationTime: string;
  /** Frames since midnight, unsigned 64-bit, exact. */
  timeReference: bigint;
  version: number;
  /** UMID as hex (64 bytes), v1+. */
  umid: string;
  /** v2 loudness fields in 1/100 units, null when version < 2 or value is 0x7FFF (unset). */
  loudnessValue: number | null;
  loudnessRange: number | null;
  maxTruePeakLevel: number | null;
  maxMomentaryLoudness: number | null;
  maxShortTermLoudness: number | null;
  codingHistory: string;
}

/** iXML split-mono file-set fields. */
export interface IxmlFileSet {
  familyUid?: string;
  totalFiles?: number;
  fileSetIndex?: string;
}

/** The decoded sample encoding of an audio file. */
export interface AudioEncoding {
  sampleFormat: SampleFormat;
  /** Container bits per sample (8, 16, 24, 32, 64). */
  bitsPerSample: number;
  /** Valid bits (WAVE_FORMAT_EXTENSIBLE), otherwise equal to bitsPerSample. */
  validBits: number;
  byteOrder: ByteOrder;
  /** 8-bit WAV is unsigned. */
  unsigned8: boolean;
}

/** Everything a header-only read returns. */
export interface AudioHeader {
  container: Container;
  /** WAV format tag (1, 3, 0xFFFE...) or undefined for AIFF. */
  formatTag?: number;
  /** Extensible sub-format GUID as a string, where present. */
  subFormat?: string;
  /** AIFF-C compression type (`NONE`, `sowt`, ...), where present. */
  compression?: string;
  /** True when the encoding is lossless PCM or float this project decodes. */
  lossless: boolean;
  /** Human name of the codec (e.g. `PCM`, `IEEE float`, `A-law`, `IMA ADPCM`). */
  codecName: string;
  encoding: AudioEncoding;
  sampleRate: number;
  channels: number;
  /** WAVE_FORMAT_EXTENSIBLE channel mask, where present. */
  channelMask?: number;
  blockAlign: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of sample data actually present (clipped to the file). */
  dataSize: number;
  /** Frames actually present: floor(dataSize / blockAlign). */
  frames: number;
  chunks: ChunkInfo[];
  bext?: BextInfo;
  ixml?: { raw: string; fileSet?: IxmlFileSet };
}
