import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BUILTIN_VERSIONS, availableVersions, linearGains, resolveVersion } from '../../src/manifest/index.js';
import { ROLES } from '../../src/model/index.js';
import type { Manifest, Role, Stem, Version, VersionRule } from '../../src/model/index.js';
import { manifest } from './helpers.js';

/** A manifest with the given stems (role, optional gainDb), otherwise the spec example. */
function withStems(stems: { role: Role; gainDb?: number }[]): Manifest {
  const m = manifest();
  const proto = m.stems[0]!;
  m.stems = stems.map((s, i) => {
    const st: Stem = { ...proto, id: `s${i}`, path: `stems/s${i}.wav`, role: s.role };
    if (s.gainDb !== undefined) st.gainDb = s.gainDb;
    return st;
  });
  return m;
}

const role = fc.constantFrom<Role>(...ROLES, 'x-choir');
const stemsArb = fc.array(fc.record({ role, gainDb: fc.option(fc.integer({ min: -24, max: 24 }), { nil: undefined }) }), {
  minLength: 1,
  maxLength: 8,
});

describe('built-in versions', () => {
  it('are the six of the spec, offered when the manifest defines none', () => {
    expect(BUILTIN_VERSIONS.map((v) => v.name)).toEqual(['full', 'instrumental', 'a-cappella', 'tv', 'vocals-up', 'vocals-down']);
    expect(availableVersions(manifest()).map((v) => v.name)).toEqual(BUILTIN_VERSIONS.map((v) => v.name));
  });

  it('resolve on the spec example (drums, bass, guitars, lead vocal)', () => {
    const m = manifest();
    const g = (name: string) => resolveVersion(m, name).gains;
    expect(g('full')).toEqual([0, 0, 0, 0]);
    expect(g('instrumental')).toEqual([0, 0, 0, null]);
    expect(g('a-cappella')).toEqual([null, null, null, 0]);
    expect(g('tv')).toEqual([0, 0, 0, null]);
    expect(g('vocals-up')).toEqual([0, 0, 0, 1]);
    expect(g('vocals-down')).toEqual([0, 0, 0, -1]);
    for (const v of BUILTIN_VERSIONS) expect(resolveVersion(m, v.name).findings).toEqual([]);
  });

  it('a-cappella keeps backing vocals and mutes extension roles', () => {
    const m = withStems([{ role: 'vocals-backing' }, { role: 'x-choir' }, { role: 'vocals-lead', gainDb: -2 }]);
    expect(resolveVersion(m, 'a-cappella').gains).toEqual([0, null, -2]);
    expect(resolveVersion(m, 'tv').gains).toEqual([0, 0, null]);
  });

  it('manifest versions replace the built-ins except full', () => {
    const m = manifest();
    m.versions = [{ name: 'clean', rules: [{ stem: 'vox', gainDb: -0.5 }] }];
    expect(availableVersions(m).map((v) => v.name)).toEqual(['full', 'clean']);
    expect(resolveVersion(m, 'instrumental').version).toBeNull();
    expect(resolveVersion(m, 'clean').gains).toEqual([0, 0, 0, -0.5]);
    m.versions.push({ name: 'full', rules: [{ role: 'bass', gainDb: 1 }] });
    expect(availableVersions(m).map((v) => v.name)).toEqual(['clean', 'full']);
    expect(resolveVersion(m, 'full').gains).toEqual([0, 1, 0, 0]);
  });

  it('reports manifest rules that match nothing (SP-REN-001) with their pointer', () => {
    const m = manifest();
    m.versions = [{ name: 'v', rules: [{ role: 'keys', mute: true }, { role: 'bass', gainDb: 2 }] }];
    const r = resolveVersion(m, 'v');
    expect(r.gains).toEqual([0, 2, 0, 0]);
    expect(r.findings.map((f) => [f.code, f.path, f.params])).toEqual([
      ['SP-REN-001', '/versions/0/rules/0/role', { version: 'v', role: 'keys' }],
    ]);
    const adhoc: Version = { name: 'adhoc', rules: [{ stem: 'nope', mute: true }] };
    expect(resolveVersion(m, adhoc).findings.map((f) => f.path)).toEqual(['version:adhoc/rules/0/stem']);
  });
});

describe('resolveVersion properties', () => {
  it('muting every role mutes every stem', () => {
    fc.assert(
      fc.property(stemsArb, fc.array(fc.record({ role, gainDb: fc.integer({ min: -6, max: 6 }) })), (stems, gainRules) => {
        const m = withStems(stems);
        const rules: VersionRule[] = [...gainRules, ...new Set(stems.map((s) => s.role))].map((r) =>
          typeof r === 'string' ? { role: r, mute: true } : r,
        );
        expect(resolveVersion(m, { name: 'v', rules }).gains).toEqual(stems.map(() => null));
      }),
    );
  });

  it('matching gain rules add to the stem gain; other rules change nothing', () => {
    fc.assert(
      fc.property(stemsArb, fc.array(fc.record({ role, gainDb: fc.integer({ min: -12, max: 12 }) }), { maxLength: 6 }), (stems, rules) => {
        const m = withStems(stems);
        const gains = resolveVersion(m, { name: 'v', rules }).gains;
        stems.forEach((s, i) => {
          const expected = rules.filter((r) => r.role === s.role).reduce((a, r) => a + r.gainDb, s.gainDb ?? 0);
          expect(gains[i]).toBe(expected);
        });
      }),
    );
  });

  it('a mute rule wins wherever it stands, and stem rules match by id only', () => {
    fc.assert(
      fc.property(stemsArb, fc.nat(), fc.integer({ min: -6, max: 6 }), (stems, pick, db) => {
        const m = withStems(stems);
        const k = pick % stems.length;
        const id = `s${k}`;
        const gains = resolveVersion(m, { name: 'v', rules: [{ stem: id, mute: true }, { stem: id, gainDb: db }] }).gains;
        expect(gains[k]).toBeNull();
        gains.forEach((g, i) => {
          if (i !== k) expect(g).toBe(stems[i]!.gainDb ?? 0);
        });
      }),
    );
  });
});

describe('linearGains', () => {
  it('is exactly 1 at 0 dB, 10^(dB/20) otherwise, and keeps muted stems null', () => {
    expect(linearGains([0, -0, null, 20, -6])).toEqual([1, 1, null, 10, Math.pow(10, -6 / 20)]);
    fc.assert(fc.property(fc.double({ min: -120, max: 24, noNaN: true }), (db) => {
      expect(linearGains([db])[0]).toBe(db === 0 ? 1 : Math.pow(10, db / 20));
    }));
  });
});
