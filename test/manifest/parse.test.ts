import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstInvalidUtf8, parseManifest, parseSemver } from '../../src/manifest/index.js';
import type { GenericParams } from '../../src/model/index.js';
import { bytesOf, manifest } from './helpers.js';

const summary = (fs: readonly { code: string; path: string; severity: string }[]) => fs.map((f) => [f.code, f.path, f.severity]);

describe('parseManifest', () => {
  it('returns the example manifest with no finding', () => {
    const r = parseManifest(bytesOf(manifest()));
    expect(r.findings).toEqual([]);
    expect(r.manifest?.stems).toHaveLength(4);
  });

  it('reports a byte order mark but reads on', () => {
    const body = bytesOf(manifest());
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const r = parseManifest(withBom);
    expect(summary(r.findings)).toEqual([['SP-MAN-001', 'stempack.json', 'error']]);
    expect(r.findings[0]!.params).toEqual({ reason: 'bom', byteOffset: 0 });
    expect(r.manifest).not.toBeNull();
  });

  it('reports invalid UTF-8 with its byte offset', () => {
    const b = bytesOf('{"title": "caf\u00e9"}');
    const bad = new Uint8Array([...b.subarray(0, 14), 0xc3, 0x28, ...b.subarray(16)]);
    const r = parseManifest(bad);
    expect(r.manifest).toBeNull();
    expect(r.findings.map((f) => [f.code, f.params])).toEqual([['SP-MAN-001', { reason: 'utf8', byteOffset: 14 }]]);
  });

  it('reports a JSON syntax error with byte offset, line and column', () => {
    const r = parseManifest(bytesOf('{\n  "title": "\u00e9",\n  "artist": }'));
    expect(r.manifest).toBeNull();
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.code).toBe('SP-MAN-001');
    expect(r.findings[0]!.params).toMatchObject({ reason: 'json', line: 3, column: 13, byteOffset: 31 });
  });

  it('reports truncated JSON', () => {
    const r = parseManifest(bytesOf('{"title": "x"'));
    expect(r.findings.map((f) => f.code)).toEqual(['SP-MAN-001']);
  });

  it('refuses a manifest above the size limit without parsing it', () => {
    const r = parseManifest(bytesOf(manifest()), { maxBytes: 100 });
    expect(r.manifest).toBeNull();
    expect(r.findings.map((f) => [f.code, (f.params as GenericParams).reason, (f.params as GenericParams).limit])).toEqual([['SP-MAN-001', 'too-large', 100]]);
  });

  it('stops at an unknown major version (SP-VER-001) before the schema', () => {
    const m = { ...manifest(), stempack: '2.0.0', unknown: 1 };
    const r = parseManifest(bytesOf(m));
    expect(r.manifest).toBeNull();
    expect(summary(r.findings)).toEqual([['SP-VER-001', '/stempack', 'error']]);
    expect(r.findings[0]!.params).toEqual({ found: '2.0.0', implemented: '1.0.0' });
  });

  it('warns on a newer minor version and still reports unknown members', () => {
    const m = { ...manifest(), stempack: '1.3.1', colour: 'red', 'x-ok': true };
    const r = parseManifest(bytesOf(m));
    expect(summary(r.findings)).toEqual([
      ['SP-VER-002', '/stempack', 'warning'],
      ['SP-MAN-002', '/colour', 'error'],
    ]);
    expect(r.manifest).toBeNull();
  });

  it('accepts an older or equal minor and any patch', () => {
    for (const v of ['1.0.0', '1.0.7', '1.0.0-draft']) {
      expect(parseManifest(bytesOf({ ...manifest(), stempack: v })).findings).toEqual([]);
    }
  });

  it('gives a schema finding for a missing or malformed version', () => {
    const { stempack: _drop, ...rest } = manifest();
    expect(summary(parseManifest(bytesOf(rest)).findings)).toEqual([['SP-MAN-002', '/stempack', 'error']]);
    expect(summary(parseManifest(bytesOf({ ...manifest(), stempack: 'v1' })).findings)).toEqual([['SP-MAN-002', '/stempack', 'error']]);
  });

  it('gives a root-pointer finding for a document that is not an object', () => {
    const r = parseManifest(bytesOf('[1, 2]'));
    expect(r.findings.map((f) => [f.code, f.path, (f.params as GenericParams).keyword])).toEqual([['SP-MAN-002', '', 'type']]);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const r = parseManifest(b);
        expect(r.manifest).toBeNull();
        expect(r.findings.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with a fatal TextDecoder on random bytes', () => {
    const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        let ok = true;
        try {
          dec.decode(b);
        } catch {
          ok = false;
        }
        expect(firstInvalidUtf8(b) === -1).toBe(ok);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds surrogates, overlongs and truncation', () => {
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xc0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(new Uint8Array([0xf0, 0x9f, 0x8e, 0xb5]))).toBe(-1);
  });
});

describe('parseSemver', () => {
  it('parses semver and refuses the rest', () => {
    expect(parseSemver('1.2.3-rc.1+b5')).toEqual({ major: 1, minor: 2, patch: 3 });
    for (const s of ['1.2', '01.2.3', '1.2.3.4', 'v1.0.0', '']) expect(parseSemver(s)).toBeNull();
  });
});

describe('jsonErrorIndex', () => {
  it('is -1 exactly when JSON.parse accepts the text', async () => {
    const { jsonErrorIndex } = await import('../../src/manifest/json-error.js');
    const texts = fc.oneof(
      fc.json(),
      fc.json().map((s) => s.slice(0, Math.max(0, s.length - 1))),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '-', '.', 'e', ' ', 'n', 'u', 'l', 't', '\\') }),
    );
    fc.assert(
      fc.property(texts, (t) => {
        let ok = true;
        try {
          JSON.parse(t);
        } catch {
          ok = false;
        }
        expect(jsonErrorIndex(t) === -1).toBe(ok);
      }),
      { numRuns: 3000 },
    );
  });
});
