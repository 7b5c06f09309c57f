// Receipts: an in-toto Statement v1 that conforms to schema/receipt.schema.json, deterministic
// but for the time, read back strictly (SP-RCP-001) and compared with a package (SP-RCP-002).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildReceipt, compareSubjects, parseReceipt, serializeReceipt, rfc3339, type ReceiptInput } from '../../src/sign/receipt.js';
import type { Report } from '../../src/model/report.js';

/** RFC 3339 date-time (the schema's `format`; ajv-formats is not a dependency). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../schema/receipt.schema.json'), 'utf8'));

const report = (valid: boolean): Report => ({
  stempackReport: '1.0',
  tool: { name: 'stempack', version: '0.1.0' },
  package: { path: 'Song.stempack', bytes: 100, sha256: 'a'.repeat(64) },
  profile: 'mastering',
  level: 'full',
  valid,
  counts: { error: valid ? 0 : 2, warning: 1, info: 4 },
  findings: [],
  files: [],
});

const input = (valid = true): ReceiptInput => ({
  packageName: 'Song.stempack',
  packageSha256: 'a'.repeat(64),
  manifestSha256: 'b'.repeat(64),
  signatures: [{ entry: 'signatures/mixer.sig', sha256: 'c'.repeat(64) }],
  report: report(valid),
  reportSha256: 'd'.repeat(64),
  time: '2026-12-01T10:00:00Z',
});

describe('receipts', () => {
  it('conform to schema/receipt.schema.json and are deterministic', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false, formats: { 'date-time': DATE_TIME } });
    const validateSchema = ajv.compile(schema);
    for (const valid of [true, false]) {
      const r = buildReceipt(input(valid));
      expect(validateSchema(r), JSON.stringify(validateSchema.errors)).toBe(true);
      expect(serializeReceipt(r)).toBe(serializeReceipt(buildReceipt(input(valid))));
      expect(r.predicate.verdict).toBe(valid ? 'accepted' : 'rejected');
    }
    const r = buildReceipt(input());
    expect(r).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      predicateType: 'https://stempack.org/receipt/v1',
      subject: [
        { name: 'Song.stempack', digest: { sha256: 'a'.repeat(64) } },
        { name: 'stempack.json', digest: { sha256: 'b'.repeat(64) } },
        { name: 'signatures/mixer.sig', digest: { sha256: 'c'.repeat(64) } },
      ],
      predicate: { counts: { error: 0, warning: 1, info: 4 }, profile: 'mastering', level: 'full', validator: { name: 'stempack', version: '0.1.0' }, report: { sha256: 'd'.repeat(64) }, time: '2026-12-01T10:00:00Z' },
    });
    expect(rfc3339(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05Z');
  });

  it('the schema and the reader refuse the same broken receipts (SP-RCP-001, with the member at fault)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false, formats: { 'date-time': DATE_TIME } });
    const validateSchema = ajv.compile(schema);
    const good = buildReceipt(input()) as unknown as Record<string, unknown>;
    const broken: [string, (r: Record<string, any>) => void][] = [
      ['/_type', (r) => void (r['_type'] = 'https://in-toto.io/Statement/v0.1')],
      ['/predicateType', (r) => void (r['predicateType'] = 'https://slsa.dev/provenance/v1')],
      ['/subject', (r) => void (r['subject'] = [r['subject'][0]])],
      ['/subject/1/name', (r) => void (r['subject'][1].name = 'manifest.json')],
      ['/subject/0/digest', (r) => void (r['subject'][0].digest = { sha1: 'x' })],
      ['/predicate/verdict', (r) => void (r['predicate'].verdict = 'ok')],
      ['/predicate/verdict', (r) => void (r['predicate'].counts.error = 3)],
      ['/predicate/counts', (r) => void delete r['predicate'].counts.info],
      ['/predicate/time', (r) => void (r['predicate'].time = 'yesterday')],
      ['/predicate/extra', (r) => void (r['predicate'].extra = 1)],
    ];
    for (const [pointer, edit] of broken) {
      const r = structuredClone(good);
      edit(r);
      expect(validateSchema(r), pointer).toBe(false);
      const p = parseReceipt(new TextEncoder().encode(JSON.stringify(r)), 'r.json');
      expect(p.receipt, pointer).toBeNull();
      expect(p.findings.map((f) => [f.code, (f.params as { pointer: string }).pointer])).toEqual([['SP-RCP-001', pointer]]);
    }
    expect(parseReceipt(new TextEncoder().encode('{"_type":'), 'r.json').findings[0]!.params).toMatchObject({ reason: 'json' });
    expect(parseReceipt(new TextEncoder().encode(serializeReceipt(buildReceipt(input()))), 'r.json').findings).toEqual([]);
  });

  it('compares its subjects with a package: every digest that differs is SP-RCP-002', () => {
    const r = buildReceipt(input());
    const same = { packageSha256: 'a'.repeat(64), manifestSha256: 'b'.repeat(64), signatures: new Map([['signatures/mixer.sig', 'c'.repeat(64)]]) };
    expect(compareSubjects(r, same, 'r.json')).toEqual([]);
    const resigned = { ...same, packageSha256: 'e'.repeat(64), signatures: new Map<string, string>() };
    expect(compareSubjects(r, resigned, 'r.json').map((f) => [f.code, f.params])).toEqual([
      ['SP-RCP-002', { subject: 'Song.stempack (the package file)', expected: 'a'.repeat(64), found: 'e'.repeat(64) }],
      ['SP-RCP-002', { subject: 'signatures/mixer.sig', expected: 'c'.repeat(64), found: null }],
    ]);
  });
});
