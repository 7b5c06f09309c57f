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
    expect(r.findings[0]!.params).toEqual({ found: '2.0.0', implemented: '1.1.0' });
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
    for (const v of ['1.0.0', '1.0.7', '1.0.0-draft', '1.1.0', '1.1.3']) {
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

  it('reports repeated member names (SP-MAN-014) and still returns the manifest, the last value winning', () => {
    const text = JSON.stringify(manifest(), null, 2);
    const dupTitle = text.replace('"title": ', '"title": "An Older Title",\n  "title": ');
    const r = parseManifest(bytesOf(dupTitle));
    expect(summary(r.findings)).toEqual([['SP-MAN-014', '/title', 'error']]);
    const p = r.findings[0]!.params as { name: string; byteOffset: number; firstByteOffset: number };
    expect(p.name).toBe('title');
    expect(new TextDecoder().decode(bytesOf(dupTitle).subarray(p.firstByteOffset, p.firstByteOffset + 7))).toBe('"title"');
    expect(new TextDecoder().decode(bytesOf(dupTitle).subarray(p.byteOffset, p.byteOffset + 7))).toBe('"title"');
    expect(r.manifest?.title).toBe(manifest().title);
  });

  it('reports a repeat nested in a stem at its pointer, escaped names included, after a byte order mark', () => {
    const m = manifest();
    const text = JSON.stringify(m).replace(`"role":"${m.stems[2]!.role}"`, `"role":"${m.stems[2]!.role}","r\\u006fle":"${m.stems[2]!.role}"`);
    const body = bytesOf(text);
    const r = parseManifest(new Uint8Array([0xef, 0xbb, 0xbf, ...body]));
    expect(summary(r.findings)).toEqual([
      ['SP-MAN-001', 'stempack.json', 'error'],
      ['SP-MAN-014', '/stems/2/role', 'error'],
    ]);
    const p = r.findings[1]!.params as { byteOffset: number };
    expect(new TextDecoder().decode(body.subarray(p.byteOffset - 3, p.byteOffset - 3 + 11))).toBe('"r\\u006fle"');
    expect(r.manifest).not.toBeNull();
  });

  it('gives no SP-MAN-014 for the same name in different objects', () => {
    const r = parseManifest(bytesOf(JSON.stringify(manifest(), null, 2)));
    expect(r.findings).toEqual([]);
  });

  it('reports repeats alongside schema findings, and not for an unknown major version', () => {
    const r = parseManifest(bytesOf('{"stempack": "1.0.0", "stempack": "1.0.0"}'));
    expect(r.findings.filter((f) => f.code === 'SP-MAN-014').map((f) => f.path)).toEqual(['/stempack']);
    expect(r.findings.some((f) => f.code === 'SP-MAN-002')).toBe(true);
    expect(summary(parseManifest(bytesOf('{"stempack": "2.0.0", "stempack": "2.0.0"}')).findings)).toEqual([['SP-VER-001', '/stempack', 'error']]);
  });

  it('lists at most 1000 repeats; the last finding counts the others', () => {
    const text = JSON.stringify(manifest()).replace('{', `{${'"x-k": 0, '.repeat(1500)}`);
    const r = parseManifest(bytesOf(text));
    const hits = r.findings.filter((f) => f.code === 'SP-MAN-014');
    expect(hits).toHaveLength(1000);
    expect(hits[999]!.params).toMatchObject({ name: 'x-k', more: 499 });
    expect(hits[0]!.params).not.toHaveProperty('more');
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
