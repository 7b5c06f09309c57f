import type { Profile } from '../../model/profile.js';

/** The `remix` profile (spec §10.3): stereo stems at 44.1 kHz or better. */
export const REMIX_PROFILE: Profile = {
  stempackProfile: '1.0',
  name: 'remix',
  description: 'For remixers: stereo interleaved stems at 44.1 kHz or better.',
  minSampleRate: 44100,
  stemChannels: 2,
};
