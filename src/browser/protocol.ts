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
    }
  | { type: 'region'; id: number; which: string; startFrame: number; frames: number };

/** Worker → page. */
export type FromWorker =
  | { type: 'progress'; id: number; phase: 'validate' | 'overview'; done: number; total: number }
  | { type: 'done'; id: number; report: Report; overviews: Overviews | null; manifest: Manifest | null }
  | { type: 'region'; id: number; sampleRate: number; startFrame: number; channels: Float32Array[] | null }
  | { type: 'error'; id: number; message: string };
