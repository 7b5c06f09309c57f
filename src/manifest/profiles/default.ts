import type { Profile } from '../../model/profile.js';

/** The `default` profile: the spec's own thresholds and severities, nothing added. */
export const DEFAULT_PROFILE: Profile = {
  stempackProfile: '1.0',
  name: 'default',
  description: 'The thresholds and severities of the specification, unchanged.',
};
