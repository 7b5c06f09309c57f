// validate({ nullSum: false }): the benchmark's "without the null-sum" run skips only the null-sum.
import { describe, it, expect } from 'vitest';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import { buildPackage } from '../helpers/package-builder.js';

describe('validate nullSum option', () => {
  // the bass 1 dB too loud in the mix: the null fails
  const bytes = buildPackage({
    frames: 24000,
    hooks: {
      audio: (it) => {
        if (it.id === 'bass') for (let k = 0; k < it.samples.length; k++) it.samples[k] = Math.round(it.samples[k]! * 1.122);
      },
    },
  }).bytes;
  const run = (nullSum?: boolean) => validate({ source: new BytesSource(bytes, 'p.stempack'), name: 'p.stempack' }, nullSum === undefined ? {} : { nullSum });

  it('false: no null summary and no SP-NULL finding; everything else as with the null-sum', async () => {
    const on = await run();
    const onExplicit = await run(true);
    const off = await run(false);
    expect(onExplicit).toEqual(on);
    expect(on.null?.pass).toBe(false);
    expect(on.findings.map((f) => f.code)).toContain('SP-NULL-001');
    expect(off.null).toBeUndefined();
    expect(off.findings.filter((f) => f.code.startsWith('SP-NULL-'))).toEqual([]);
    expect(off.findings).toEqual(on.findings.filter((f) => !f.code.startsWith('SP-NULL-')));
    expect(off.files).toEqual(on.files);
  });
});
