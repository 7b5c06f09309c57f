// A manifest padded with trailing spaces (spec §5.1: whitespace after the JSON value is allowed;
// pack pads the manifest to the room it reserved before measuring) validates like the unpadded one.
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/index.js';
import { buildPackage } from '../helpers/package-builder.js';

const pad = (text: string, spaces: number) => new TextEncoder().encode(text + ' '.repeat(spaces));

async function findingsOf(manifestBytes?: (json: string) => Uint8Array) {
  const built = buildPackage({
    hooks: {
      entries(entries) {
        const m = entries.find((e) => e.name === 'stempack.json')!;
        if (manifestBytes) m.data = manifestBytes(new TextDecoder().decode(m.data));
        m.method = 0; // stored, as pack writes it
      },
    },
  });
  const r = await validate({ source: new BytesSource(built.bytes, 'song.stempack'), name: 'song.stempack' });
  return { valid: r.valid, errors: r.counts.error, codes: r.findings.map((f) => `${f.code} ${f.path}`) };
}

describe('a space-padded manifest', () => {
  it('validates clean, with the findings of the same package unpadded', async () => {
    const plain = await findingsOf();
    expect(plain.valid).toBe(true);
    expect(plain.errors).toBe(0);
    // after a final newline (what pack writes), right after the closing brace, and a large slot
    for (const bytes of [(j: string) => pad(`${j}\n`, 61), (j: string) => pad(j, 3), (j: string) => pad(`${j}\n`, 100_000)]) {
      expect(await findingsOf(bytes)).toEqual(plain);
    }
  });
});
