/** Level measurements: peak, true peak, loudness, clipping, silence, DC, channel pairs. */
export * from './types.js';
export { createLevelMeter, clipThresholdFrames, fullScaleHigh } from './meter.js';
export { levelFindings, levelReportParams, nonFiniteFinding, normalisationFindings, DC_LIMIT_DBFS, ROUND_PEAKS_DBFS, NORMALISED_TOLERANCE_DB } from './findings.js';
export type { LevelFindingContext } from './findings.js';
export { defaultChannelWeights, kShelf, kHighPass } from './kweighting.js';
export { oversamplingFactor, interpolatorCoefficients, gainBound } from './truepeak.js';
export { createS24Sum, type S24Sum } from './kernel-s24.js';
