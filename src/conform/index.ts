/**
 * Conform (spec §5.5): make real DAW exports one valid set without changing a sample value, and
 * record every change. Planning and checks are pure and browser-safe; `run.ts`, `write.ts` and
 * `hash-files.ts` read and write files (Node).
 * @module
 */
export type { ConformItem, ConformSource, ConformOptions, ConformPlan, ConformRefusal, FilePlan, RefusalReason, StartVerdict } from './types.js';
export { draftConform, finishConform, placeFiles, targetEncoding, type Draft, type Measures, type MeasureNeed } from './plan.js';
export { recordFindings, recordHeaderFindings, RecordChecker, originalShape, OPERATION_ORDER } from './check.js';
export { buildRecord, PLACEHOLDER_HASHES } from './record.js';
export { formatConformPlan, repairLines, recordLines, refusalParams } from './format.js';
export { convertSamples, type SampleEncoding } from './transform.js';
