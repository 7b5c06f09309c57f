/**
 * Lines of a batch run (the JSON Lines interface: one object per line) and the messages between
 * the batch pool and its worker threads. Types only.
 * @module
 */
import type { ValidationLevel } from '../model/report.js';
import type { HttpSourceOptions } from '../io/http-source.js';

/** One package's outcome: a line of `stempack validate --jsonl`. */
export interface BatchLine {
  type: 'package';
  /** The path or URL as given (after expansion). */
  path: string;
  /** {@link PackageIdentity.digest}, or null when the package could not be opened. */
  digest: string | null;
  level: ValidationLevel;
  profile: string;
  /** No error-level finding; null when validation could not run (see `error`). */
  valid: boolean | null;
  counts: { error: number; warning: number; info: number };
  /** Findings per code (after the profile's severities). */
  codes: Record<string, number>;
  /** The null test's pass, when the full level ran it. */
  nullPass?: boolean;
  /** Wall-clock seconds for this package. */
  seconds: number;
  /** An I/O or internal error: the package was not validated. */
  error?: string;
}

/** The last line of a batch. */
export interface BatchSummary {
  type: 'summary';
  packages: number;
  valid: number;
  invalid: number;
  /** Could not be validated (I/O errors). */
  failed: number;
  /** Skipped by `--resume` (already reported with the same digest). */
  skipped: number;
  seconds: number;
}

/** What one package job needs (structured-cloneable). */
export interface BatchJobOptions {
  level: ValidationLevel;
  /** Built-in profile name or profile JSON text. */
  profile?: string;
  measure?: 'findings' | 'all';
  /** URLs: the HTTP time limit in ms (default that of {@link HttpSourceOptions.timeoutMs}). */
  timeoutMs?: number;
}

/** Pool to worker. */
export type ToBatchWorker =
  | { t: 'init'; opts: BatchJobOptions; skip: string[]; analysisWorkers: number | undefined }
  | { t: 'job'; path: string };

/** Worker to pool: a finished line, or a skip. */
export type FromBatchWorker = { t: 'line'; line: BatchLine } | { t: 'skipped'; path: string; digest: string };
