/** Messages between the page and the validation worker. Plain structured-clone data. */
import type { Manifest } from '../model/manifest.js';
import type { Report, ValidationLevel } from '../model/report.js';
import type { Overviews } from '../report/overview.js';

/** Page → worker. */
export type ToWorker =
  | {
      type: 'validate';
      id: number;
      file: Blob;
      name: string;
      /** Built-in profile name or profile JSON text. */
      profile?: string;
      level?: ValidationLevel;
      explain?: boolean;
      /** Measure loudness and the true peak of every file (default true). */
      measureAll?: boolean;
      /** Overview bins (default 1500). */
      bins?: number;
      /** Analysis workers for the full level (default: one per core, for packages of 32 MiB or more; 0: this worker only). */
      workers?: number;
      /** OpenSSH allowed signers files dropped beside the package (their text): who is trusted (spec §3.7). */
      allowedSigners?: { name: string; text: string }[];
      /** Detached signatures dropped beside the package (`Song.stempack.sig`). */
      signatures?: { name: string; bytes: Uint8Array }[];
    }
  | {
      /** Validate loose files (a folder before packing), as `validateLoose` / `stempack validate <folder>`. */
      type: 'validate-loose';
      id: number;
      /** Every file picked or dropped; names relative to the folder (non-audio names are ignored). */
      files: { name: string; file: Blob }[];
      /** The report's package path (the folder's name). */
      folder: string;
      /** The mix's name; default: found by name. */
      mix?: string;
      profile?: string;
      level?: ValidationLevel;
      explain?: boolean;
      measureAll?: boolean;
      bins?: number;
      workers?: number;
    }
  | { type: 'region'; id: number; which: string; startFrame: number; frames: number };

/** What the worker says about loose files: the audio names (sorted), the mix it used, and every name that looks like a mix. */
export interface LooseInfo {
  folder: string;
  names: string[];
  mix: string | null;
  candidates: string[];
}

/** Worker → page. */
export type FromWorker =
  | { type: 'progress'; id: number; phase: 'validate' | 'overview'; done: number; total: number }
  | {
      type: 'done';
      id: number;
      report: Report;
      overviews: Overviews | null;
      manifest: Manifest | null;
      loose?: LooseInfo;
      /** Analysis workers the full level's pass ran in (0: the validation worker alone). */
      workers?: number;
    }
  | { type: 'region'; id: number; sampleRate: number; startFrame: number; channels: Float32Array[] | null }
  | { type: 'error'; id: number; message: string };
