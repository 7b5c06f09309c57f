import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/model/index.js';
import {
  BUILTIN_PROFILES,
  LAYOUT_CHANNELS,
  SCHEMAS,
  isRfc3339DateTime,
  schemaCompileCount,
  schemaIssues,
  validator,
} from '../../src/manifest/index.js';
import { applyPatch, manifest } from './helpers.js';
import { examples } from '../spec/spec-doc.js';

const issues = (name: 'manifest' | 'profile' | 'report', v: unknown) =>
  schemaIssues(name, v).map((i) => [i.path, i.keyword]);

describe('schemas', () => {
  it('compile once per process, whatever the number of validations', () => {
    for (let k = 0; k < 5; k++) {
      schemaIssues('manifest', manifest());
      schemaIssues('profile', {});
      schemaIssues('report', {});
    }
    expect(schemaCompileCount()).toBe(1);
    expect(validator('manifest')).toBe(validator('manifest'));
  });

  it('manifest schema mirrors the TypeScript vocabularies', () => {
    const defs = (SCHEMAS.manifest as { $defs: Record<string, { enum?: string[]; anyOf?: { enum?: string[] }[] }> }).$defs;
    expect(defs.role!.anyOf![0]!.enum).toEqual([...ROLES]);
    expect(defs.layout!.enum).toEqual(Object.keys(LAYOUT_CHANNELS));
    const pdefs = (SCHEMAS.profile as { $defs: Record<string, { anyOf?: { enum?: string[] }[] }> }).$defs;
    expect(pdefs.role!.anyOf![0]!.enum).toEqual([...ROLES]);
  });

  it('accept x- members everywhere in a manifest', () => {
    const m = applyPatch(manifest(), [
      { op: 'add', path: '/x-a', value: 1 },
      { op: 'add', path: '/session/x-b', value: 1 },
      { op: 'add', path: '/mix/x-c', value: 1 },
      { op: 'add', path: '/stems/0/x-d', value: { any: 'thing' } },
      { op: 'add', path: '/mix/loudness/x-e', value: 1 },
      { op: 'add', path: '/credits/0/x-f', value: 1 },
    ]);
    expect(issues('manifest', m)).toEqual([]);
  });

  it('reject broken manifests with one issue per fault, at the right pointer', () => {
    const m = applyPatch(manifest(), [
      { op: 'add', path: '/mix/role', value: 'drums' },
      { op: 'remove', path: '/stems/1/sha256' },
      { op: 'replace', path: '/stems/2/role', value: 'vocal' },
      { op: 'replace', path: '/stems/3/channels', value: 0 },
      { op: 'replace', path: '/created', value: '2026-02-30T10:00:00Z' },
      { op: 'replace', path: '/isrc', value: 'gb-xyz-26-00012' },
      { op: 'replace', path: '/format/bitDepth', value: 20 },
    ]);
    expect(issues('manifest', m).sort()).toEqual(
      [
        ['/mix/role', 'additionalProperties'],
        ['/stems/1/sha256', 'required'],
        ['/stems/2/role', 'anyOf'],
        ['/stems/3/channels', 'minimum'],
        ['/created', 'format'],
        ['/isrc', 'pattern'],
        ['/format/bitDepth', 'enum'],
      ].sort(),
    );
    const role = schemaIssues('manifest', m).find((i) => i.path === '/stems/2/role')!;
    expect(role.params.allowedValues).toEqual([...ROLES]);
    expect(role.params.patterns).toEqual(['^x-[a-z0-9-]+$']);
  });

  it('reject version rules that are not exactly one target and one action', () => {
    const rule = (r: object) =>
      issues('manifest', applyPatch(manifest(), [{ op: 'add', path: '/versions', value: [{ name: 'v', rules: [r] }] }]));
    expect(rule({ role: 'bass', gainDb: 1 })).toEqual([]);
    expect(rule({ stem: 'vox', mute: true })).toEqual([]);
    expect(rule({ role: 'bass', stem: 'vox', gainDb: 1 })).toEqual([['/versions/0/rules/0', 'oneOf']]);
    expect(rule({ gainDb: 1 })).toEqual([['/versions/0/rules/0', 'oneOf']]);
    expect(rule({ role: 'bass', gainDb: 1, mute: true })).toEqual([['/versions/0/rules/0', 'oneOf']]);
    expect(rule({ role: 'bass', mute: false })).toEqual([['/versions/0/rules/0/mute', 'const']]);
    const params = schemaIssues('manifest', applyPatch(manifest(), [{ op: 'add', path: '/versions', value: [{ name: 'v', rules: [{ gainDb: 1 }] }] }]))[0]!.params;
    expect(params.alternatives).toEqual(['role', 'stem']);
  });

  it('tie bit depth to sample format', () => {
    const fmt = (sampleFormat: string, bitDepth: number) =>
      issues('manifest', applyPatch(manifest(), [{ op: 'replace', path: '/format', value: { container: 'wav', sampleFormat, bitDepth, sampleRate: 48000 } }]));
    expect(fmt('int', 16)).toEqual([]);
    expect(fmt('float', 64)).toEqual([]);
    expect(fmt('float', 24)).toEqual([['/format/bitDepth', 'enum']]);
    expect(fmt('int', 64)).toEqual([['/format/bitDepth', 'enum']]);
  });

  it('validate every built-in profile and reject a broken one', () => {
    for (const p of Object.values(BUILTIN_PROFILES)) expect(issues('profile', p)).toEqual([]);
    expect(issues('profile', { stempackProfile: '2.0', name: 'X', severity: { 'SP-LVL-001': 'loud' }, minBitDepth: 20 }).sort()).toEqual(
      [
        ['/stempackProfile', 'pattern'],
        ['/name', 'pattern'],
        ['/severity/SP-LVL-001', 'enum'],
        ['/minBitDepth', 'enum'],
      ].sort(),
    );
  });

  it('validate the spec report example and reject a broken report', () => {
    const report = examples().find((e) => e.kind === 'report')!.json as Record<string, unknown>;
    expect(issues('report', report)).toEqual([]);
    const broken = applyPatch(report, [
      { op: 'replace', path: '/level', value: 'deep' },
      { op: 'replace', path: '/findings/0/code', value: 'LEN-1' },
      { op: 'remove', path: '/counts' },
      { op: 'add', path: '/extra', value: 1 },
    ]);
    expect(issues('report', broken).sort()).toEqual(
      [
        ['/level', 'enum'],
        ['/findings/0/code', 'pattern'],
        ['/counts', 'required'],
        ['/extra', 'additionalProperties'],
      ].sort(),
    );
  });
});

describe('isRfc3339DateTime', () => {
  it('accepts RFC 3339 date-times', () => {
    for (const s of ['2026-11-20T16:42:05Z', '2024-02-29T00:00:00.123+01:00', '2026-12-31t23:59:60z', '1990-12-31T15:59:60-08:00']) {
      expect([s, isRfc3339DateTime(s)]).toEqual([s, true]);
    }
  });
  it('refuses the rest', () => {
    for (const s of ['2026-11-20', '2026-11-20 16:42:05Z', '2023-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-20T24:00:00Z', '2026-11-20T16:42:05', '2026-11-20T16:42:60Z', '2026-11-20T16:42:05+1:00']) {
      expect([s, isRfc3339DateTime(s)]).toEqual([s, false]);
    }
  });
});
