/**
 * Options and result of {@link pack}. Types and the usage error only.
 * @module
 */
import type { Code } from '../model/codes.js';
import type { Finding } from '../model/finding.js';
import type { Credit, Manifest, Role } from '../model/manifest.js';

/** Progress of a pack run. */
export interface PackProgress {
  bytesDone: number;
  bytesTotal: number;
  /** `scan`, `join`, `measure` or `write`. */
  phase: string;
}

/** What to pack and how. */
export interface PackOptions {
  /** A folder (walked recursively, hidden names skipped), or files. */
  inputs: string[];
  /** Target `.stempack` path. */
  output: string;
  /** The mix file; else found by name (mix, master, full, main, 2mix, stereo mix...). */
  mix?: string;
  title?: string;
  artist?: string;
  versionName?: string;
  isrc?: string;
  credits?: Credit[];
  /** Declared session resolution (default: the files' own). */
  session?: { sampleRate?: number; bitDepth?: number };
  /**
   * Role overrides (`--role`): file name (with or without extension), relative path, stem id, or a
   * pattern with `*` and `?` → role. They win over `roleTable`. A key without a pattern that names
   * no stem is a usage error.
   */
  roles?: Record<string, Role>;
  /** A role table (a roles.json, `--roles`): keys as in `roles`; it wins over inference. Keys that match no stem are ignored. */
  roleTable?: Record<string, Role>;
  /**
   * The command as the user ran it, program name first: the refusal for unclear roles repeats it
   * with a `--role` per unclear stem. Default: `stempack pack <inputs> -o <output>`.
   */
  commandLine?: string[];
  /** The mix carries mix-bus processing the stems do not: a failing null is reported, not refused. */
  busProcessing?: boolean;
  /** Null tolerance in dBFS (default -80); written to the manifest when given. */
  nullTolerance?: number;
  /**
   * Measure integrated loudness, loudness range and the exact true peak of every file and
   * write them into the manifest (`loudness`). Default false: the true peak is computed only
   * where a block could reach 0 dBTP (enough for SP-LVL-007), which is about twice as fast.
   */
  loudness?: boolean;
  /** Files stored under `docs/`. */
  attachments?: string[];
  /** Explicit manifest fields; they override inferred ones (stems are matched by id). */
  manifest?: Partial<Manifest>;
  /** Warning-level (SHOULD) codes not to refuse on. An error-level code here is a usage error. */
  allow?: Code[];
  /** Replace an existing output. */
  force?: boolean;
  /** RFC 3339 creation time; default: SOURCE_DATE_EPOCH, else the newest input mtime (UTC, seconds). */
  created?: string;
  onProgress?(p: PackProgress): void;
}

/** How a stem's role was decided. */
export interface InferredRole {
  /** The input file (the left file for a joined split-mono pair). */
  path: string;
  /** The role used, or `other` as a placeholder when ambiguous and not overridden. */
  role: Role;
  reason: string;
  /** True when the name matched no role or several and no override was given: pack refuses. */
  ambiguous: boolean;
}

/** What {@link pack} did. */
export interface PackResult {
  /** True when the package was written. */
  ok: boolean;
  /** The manifest written (or that would have been written), null when it could not be built. */
  manifest: Manifest | null;
  /** Every finding, most severe first. Refusals are errors and warnings not in `allow`. */
  findings: Finding[];
  /** The package path when written, else null. */
  output: string | null;
  inferred: InferredRole[];
  /** Split-mono pairs joined: input files and the package entry they became. */
  joined: { left: string; right: string; output: string }[];
  /** Input files left out (not audio, not attached). */
  ignored: string[];
  /** The findings that made pack refuse (subset of `findings`). */
  refusals: Finding[];
}

/** Misuse of the pack API (bad option). The CLI maps it to exit code 2. */
export class PackUsageError extends Error {
  readonly code = 'EUSAGE' as const;
  constructor(message: string) {
    super(message);
    this.name = 'PackUsageError';
  }
}
