// Tampering with a signed package: each change is refused with its code, and signing touches
// nothing but the signature entries and the central directory.
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/validate/index.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { readZip } from '../../src/container/read-zip.js';
import { crc32 } from '../../src/container/crc32.js';
import { applyTailRewrite, planTailRewrite } from '../../src/container/append-entries.js';
import { parseAllowedSigners, type AllowedSigners } from '../../src/sign/allowed-signers.js';
import { formatKeyLine } from '../../src/sign/keys.js';
import type { TrustOptions } from '../../src/sign/check.js';
import type { Report } from '../../src/model/report.js';
import { buildPackage, type BuildOptions } from '../helpers/package-builder.js';
import { manifestBytes, signPackage, sshsigSync, testSigner, withSignatureEntries } from '../helpers/sign.js';

const enc = new TextEncoder();
const FRAMES = 2400;
const NOW = Date.UTC(2026, 5, 15) / 1000;
const mixer = testSigner(1, 'mixer@studio');
const stranger = testSigner(9, 'someone@else');

function signersFor(lines: string): AllowedSigners {
  return parseAllowedSigners(lines, 'allowed_signers');
}
const mixerLine = (opts = '') => `mixer@studio ${opts ? opts + ' ' : ''}${formatKeyLine('ssh-ed25519', mixer.publicKeyBlob)}\n`;

async function check(bytes: Uint8Array, trust?: Partial<TrustOptions>, level: 'structure' | 'full' = 'full'): Promise<Report> {
  return validate(
    { source: new BytesSource(bytes, 'Song.stempack'), name: 'Song.stempack' },
    { level, signatures: trust ? { trust: { signers: signersFor(mixerLine()), time: NOW, ...trust } } : {} },
  );
}
const errors = (r: Report) => [...new Set(r.findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
const sig = (r: Report) => r.findings.filter((f) => f.code.startsWith('SP-SIG')).map((f) => [f.code, f.path]);

/** Replace an entry's content with bytes of the same length, fixing its CRC-32 in both headers (what a careful tamperer does). */
async function patchEntry(pkg: Uint8Array, name: string, edit: (b: Uint8Array) => void): Promise<Uint8Array> {
  const out = pkg.slice();
  const zip = await readZip(new BytesSource(out));
  const e = zip.entries.find((x) => x.name === name)!;
  const data = out.subarray(e.dataOffset, e.dataOffset + e.size);
  edit(data);
  const v = new DataView(out.buffer);
  v.setUint32(e.localHeaderOffset + 14, crc32(data), true);
  v.setUint32(e.central!.offset + 16, crc32(data), true);
  return out;
}

async function signed(build: BuildOptions = {}, signer = mixer, name = 'mixer'): Promise<Uint8Array> {
  return (await signPackage(buildPackage({ frames: FRAMES, ...build }).bytes, signer, name)).bytes;
}

describe('a signed package', () => {
  it('verifies, and with allowed signers names the principal', async () => {
    const r = await check(await signed(), {});
    expect(r.valid).toBe(true);
    expect(r.findings.find((f) => f.code === 'SP-SIG-101')!.params).toMatchObject({ principal: 'mixer@studio', trusted: true, keyType: 'ED25519' });
  });
});

describe('tampering: each change refused with its code', () => {
  it('one bit flipped in the manifest (CRC fixed): SP-SIG-004, and no signer is trusted (SP-SIG-005)', async () => {
    // the builder deflates the manifest; a stored one can be patched in place
    const pkg = await patchEntry(await signed({ hooks: { entries: (e) => void (e[1]!.method = 0) } }), 'stempack.json', (b) => {
      const i = new TextDecoder().decode(b).indexOf('"title"') + 10;
      b[i]! ^= 1;
    });
    expect(errors(await check(pkg))).toEqual(['SP-SIG-004']);
    expect(errors(await check(pkg, {}))).toEqual(['SP-SIG-004', 'SP-SIG-005']);
  });

  it('one bit flipped in an audio entry (CRC fixed): the signature verifies, the file does not match its hashes (SP-MAN-008)', async () => {
    // the lowest bit of the last 24-bit sample: the null still passes, only the hashes tell
    const pkg = await patchEntry(await signed(), 'stems/bass.wav', (b) => {
      b[b.length - 3]! ^= 0x01;
    });
    const r = await check(pkg, {});
    expect(errors(r)).toEqual(['SP-MAN-008']);
    expect(r.findings.find((f) => f.code === 'SP-SIG-101')!.params).toMatchObject({ trusted: true });
  });

  it('one bit flipped in the signature value: SP-SIG-004; in its armour: SP-SIG-001', async () => {
    const base = buildPackage({ frames: FRAMES }).bytes;
    const m = await manifestBytes(base);
    const flipped = await withSignatureEntries(base, [{ entry: 'signatures/mixer.sig', text: sshsigSync(m, { flip: 0x40 }) }]);
    expect(sig(await check(flipped))).toEqual([['SP-SIG-004', 'signatures/mixer.sig']]);
    const armour = await patchEntry(await signed(), 'signatures/mixer.sig', (b) => {
      b[3]! ^= 1; // '-' of the header line
    });
    expect(sig(await check(armour))).toEqual([['SP-SIG-001', 'signatures/mixer.sig']]);
  });

  it('an entry added after signing: SP-ZIP-010', async () => {
    const pkg = await signed();
    const src = new BytesSource(pkg);
    const zip = await readZip(src);
    const plan = await planTailRewrite(src, zip, () => false, [{ name: 'docs/bonus.txt', data: enc.encode('not in the manifest') }]);
    const r = await check(await applyTailRewrite(src, plan), {});
    expect(errors(r)).toEqual(['SP-ZIP-010']);
    expect(r.findings.find((f) => f.code === 'SP-SIG-101')!.params).toMatchObject({ trusted: true });
  });

  it('an entry removed or replaced: SP-MAN-003, SP-MAN-008', async () => {
    const removed = await signed({ hooks: { entries: (e) => void e.splice(e.findIndex((x) => x.name === 'stems/vox.wav'), 1) } });
    expect(errors(await check(removed, {}))).toContain('SP-MAN-003');
    expect(errors(await check(removed, {})).filter((c) => c.startsWith('SP-SIG'))).toEqual([]);
    const replaced = await signed({ hooks: { entries: (e) => void (e.find((x) => x.name === 'stems/bass.wav')!.data = e.find((x) => x.name === 'stems/drums.wav')!.data) } });
    expect(errors(await check(replaced, {}))).toEqual(['SP-MAN-008', 'SP-NULL-001']);
  });

  it('a signature copied from another package: SP-SIG-004', async () => {
    const other = await signPackage(buildPackage({ frames: FRAMES, hooks: { manifest: (mf) => void (mf.title = 'Another Song') } }).bytes, mixer);
    const pkg = await withSignatureEntries(buildPackage({ frames: FRAMES }).bytes, [{ entry: 'signatures/mixer.sig', text: other.text }]);
    expect(errors(await check(pkg, {}))).toEqual(['SP-SIG-004', 'SP-SIG-005']);
  });

  it('a wrong namespace: SP-SIG-002', async () => {
    const base = buildPackage({ frames: FRAMES }).bytes;
    const pkg = await withSignatureEntries(base, [{ entry: 'signatures/mixer.sig', text: sshsigSync(await manifestBytes(base), { namespace: 'file' }) }]);
    expect(errors(await check(pkg))).toEqual(['SP-SIG-002']);
  });

  it('a signer outside valid-after / valid-before: SP-SIG-006 with the line and the times', async () => {
    const pkg = await signed();
    for (const [opts, reason] of [
      ['valid-before="20260101Z"', 'expired'],
      ['valid-after="20270101Z"', 'not-yet-valid'],
    ] as const) {
      const r = await check(pkg, { signers: signersFor(`# keys\n${mixerLine(opts)}`) });
      expect(errors(r)).toEqual(['SP-SIG-005', 'SP-SIG-006']);
      expect(r.findings.find((f) => f.code === 'SP-SIG-006')!.params).toMatchObject({ reason, file: 'allowed_signers', line: 2, verifyTime: '2026-06-15T00:00:00Z' });
    }
    expect((await check(pkg, { signers: signersFor(mixerLine('valid-after="20260101Z",valid-before="20261231Z"')) })).valid).toBe(true);
  });

  it('an unknown signer: a good signature reported with its fingerprint, and not trusted', async () => {
    const r = await check(await signed({}, stranger, 'someone'), {});
    expect(errors(r)).toEqual(['SP-SIG-005']);
    expect(r.findings.find((f) => f.code === 'SP-SIG-101')!.params).toMatchObject({ principal: null, trusted: false, fingerprint: expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/) });
    expect(r.findings.find((f) => f.code === 'SP-SIG-005')!.params).toEqual({ signatures: 1, verified: 1, identity: null });
  });

  it('an identity the signer is not: SP-SIG-005', async () => {
    const pkg = await signed();
    expect(errors(await check(pkg, { identity: 'label@example' }))).toEqual(['SP-SIG-005']);
    expect((await check(pkg, { identity: 'mixer@studio' })).valid).toBe(true);
  });

  it('no signature at all, with allowed signers in force: SP-SIG-005 at the package', async () => {
    const r = await check(buildPackage({ frames: FRAMES }).bytes, {});
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.path, f.params])).toEqual([['SP-SIG-005', '', { signatures: 0, verified: 0, identity: null }]]);
  });
});

describe('signing touches only the signatures', () => {
  /** Every entry's local record (header + data) by name, with its offset. */
  async function records(pkg: Uint8Array): Promise<Map<string, { at: number; bytes: string }>> {
    const zip = await readZip(new BytesSource(pkg));
    return new Map(zip.entries.map((e) => [e.name, { at: e.localHeaderOffset, bytes: Buffer.from(pkg.subarray(e.localHeaderOffset, e.dataOffset + e.compressedSize)).toString('hex') }]));
  }

  it('adding and removing signatures leaves every other entry byte-identical at its offset, and removing all gives back the package', async () => {
    const original = buildPackage({ frames: FRAMES }).bytes;
    const before = await records(original);
    const one = await signPackage(original, mixer, 'mixer');
    const two = await signPackage(one.bytes, testSigner(2, 'label@example'), 'label');
    const back = await withSignatureEntries(two.bytes, [], ['signatures/label.sig']);
    for (const pkg of [one.bytes, two.bytes, back]) {
      const after = await records(pkg);
      for (const [name, rec] of before) expect(after.get(name), name).toEqual(rec);
    }
    expect(Buffer.compare(back, one.bytes)).toBe(0);
    expect(Buffer.compare(await withSignatureEntries(back, [], ['signatures/mixer.sig']), original)).toBe(0);
    // entries sorted by name whatever the order of signing
    const other = await signPackage((await signPackage(original, testSigner(2, 'label@example'), 'label')).bytes, mixer, 'mixer');
    expect(Buffer.compare(other.bytes, two.bytes)).toBe(0);
  });

  it('signing twice with the same Ed25519 key gives identical bytes', async () => {
    const a = await signPackage(buildPackage({ frames: FRAMES }).bytes, mixer);
    const b = await signPackage(a.bytes, mixer);
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
  });

  it('a signed package still passes full validation with every entry intact (no error, the same files)', async () => {
    const r = await check(await signed(), undefined, 'full');
    expect(r.valid).toBe(true);
    expect(r.findings.map((f) => f.code).filter((c) => c !== 'SP-SIG-101' && !c.endsWith('-101'))).toEqual([]);
  });
});
