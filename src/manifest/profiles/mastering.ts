import type { Profile } from '../../model/profile.js';

/**
 * The `mastering` profile (spec §10.3): 24-bit integer or float, peaks below -3 dBFS,
 * a passing null, normalised files an error.
 */
export const MASTERING_PROFILE: Profile = {
  stempackProfile: '1.0',
  name: 'mastering',
  description: 'For a mastering house: 24-bit or better, peaks below -3 dBFS, stems that null, no normalisation.',
  minBitDepth: 24,
  maxPeakDbfs: -3,
  requireNull: true,
  severity: {
    'SP-LVL-002': 'error',
    'SP-LVL-003': 'error',
  },
};
