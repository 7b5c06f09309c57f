// The SSH wire reader, base64, the SSHSIG armour and blob, public keys: round trips, the exact
// reason for each kind of damage, and never a throw or an allocation beyond the input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64Encode } from '../../src/sign/base64.js';
import { WireReader, WireWriter, WireError } from '../../src/sign/wire.js';
import { armor, dearmor, encodeSshsigBlob, parseSigValue, parseSshsigBlob, ARMOR_LINE } from '../../src/sign/sshsig.js';
import { fingerprintOf, parseKeyLine, parsePublicKeyBlob } from '../../src/sign/keys.js';
import { parseOpensshPrivateKey } from '../../src/sign/private-key.js';
import { nodeSigCrypto } from '../../src/sign/crypto-node.js';
import { signMessage } from '../../src/sign/signer.js';
import { checkSignature, checkSignatureBlob } from '../../src/sign/verify.js';
import { testSigner } from '../helpers/sign.js';

const enc = new TextEncoder();

describe('base64', () => {
  it('round-trips every byte string and agrees with Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const text = base64Encode(b);
        expect(text).toBe(Buffer.from(b).toString('base64'));
        const back = base64Decode(text);
        expect(back.ok && Buffer.from(back.bytes).equals(Buffer.from(b))).toBe(true);
      }),
    );
  });

  it('refuses bad characters, bad padding and truncated text, with the index', () => {
    expect(base64Decode('QUJD')).toMatchObject({ ok: true });
    expect(base64Decode('QUJ')).toMatchObject({ ok: false, reason: 'length' });
    expect(base64Decode('QU*D')).toMatchObject({ ok: false, reason: 'character', index: 2 });
    expect(base64Decode('Q=JD')).toMatchObject({ ok: false, reason: 'padding', index: 1 });
    expect(base64Decode('QR==')).toMatchObject({ ok: false, reason: 'padding' }); // non-zero pad bits
    expect(base64Decode('QUI=')).toMatchObject({ ok: true });
  });
});

describe('SSH wire reader', () => {
  it('reads fields and refuses a declared length beyond the data without allocating it', () => {
    const b = new WireWriter().uint32(7).string('abc').mpint(Uint8Array.of(0x80, 1)).bytes();
    const r = new WireReader(b);
    expect(r.uint32()).toBe(7);
    expect(r.text()).toBe('abc');
    expect([...r.mpint()]).toEqual([0x80, 1]);
    expect(r.remaining).toBe(0);
    const absurd = Uint8Array.of(0xff, 0xff, 0xff, 0xf0, 1, 2);
    expect(() => new WireReader(absurd).string()).toThrow(WireError);
    try {
      new WireReader(absurd).string('public key');
    } catch (e) {
      expect((e as WireError).reason).toBe('length');
    }
  });

  it('refuses a negative mpint', () => {
    expect(() => new WireReader(new WireWriter().string(Uint8Array.of(0x80)).bytes()).mpint()).toThrow(/negative/);
  });
});

describe('SSHSIG armour and blob', () => {
  const signer = testSigner(3);
  const message = enc.encode('{"stempack": "1.1.0"}\n');

  it('armours as ssh-keygen does (70-column lines) and reads it back', async () => {
    const text = await signMessage(signer, message, 'stempack-delivery');
    const lines = text.split('\n');
    expect(lines[0]).toBe('-----BEGIN SSH SIGNATURE-----');
    expect(lines.at(-2)).toBe('-----END SSH SIGNATURE-----');
    expect(lines.at(-1)).toBe('');
    for (const l of lines.slice(1, -3)) expect(l.length).toBe(ARMOR_LINE);
    const d = dearmor(enc.encode(text));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(armor(d.blob)).toBe(text);
    const p = parseSshsigBlob(d.blob);
    expect(p.ok && p.sig).toMatchObject({ version: 1, namespace: 'stempack-delivery', hashAlgorithm: 'sha512' });
    expect((await checkSignature(enc.encode(text), message, { namespace: 'stempack-delivery', crypto: nodeSigCrypto })).outcome).toBe('verified');
  });

  it('reports each kind of damage with its reason', async () => {
    const text = await signMessage(signer, message, 'stempack-delivery');
    const blob = (dearmor(enc.encode(text)) as { blob: Uint8Array }).blob;
    const reason = async (bytes: Uint8Array) => {
      const c = await checkSignature(bytes, message, { namespace: 'stempack-delivery', crypto: nodeSigCrypto });
      return c.outcome === 'malformed' ? c.problem.reason : c.outcome;
    };
    expect(await reason(enc.encode('hello'))).toBe('armour');
    expect(await reason(enc.encode(text.replace('-----END SSH SIGNATURE-----\n', '')))).toBe('armour');
    expect(await reason(enc.encode(text + 'extra\n'))).toBe('armour');
    // truncated base64: the last line cut by 3 characters
    const cut = text.replace(/([A-Za-z0-9+/=]{3})\n-----END/, '\n-----END');
    expect(await reason(enc.encode(cut))).toBe('base64');
    expect(await reason(enc.encode(text.replace('U1NIU0lH', 'U1NI*0lH')))).toBe('base64');
    // inside the blob
    const blobCase = (b: Uint8Array) => reason(enc.encode(armor(b)));
    const bad = blob.slice();
    bad[0] = 0x58;
    expect(await blobCase(bad)).toBe('magic');
    const v2 = blob.slice();
    v2[9] = 2;
    expect(await blobCase(v2)).toBe('version');
    expect(await blobCase(blob.subarray(0, blob.length - 5))).toBe('length');
    expect(await blobCase(blob.subarray(0, 12))).toBe('truncated');
    const absurd = blob.slice();
    new DataView(absurd.buffer).setUint32(10, 0xfffffff0); // the public key's length
    expect(await blobCase(absurd)).toBe('length');
    const trailing = new Uint8Array([...blob, 0]);
    expect(await blobCase(trailing)).toBe('trailing');
  });

  it('never throws on arbitrary bytes, armoured or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.boolean(), async (b, wrap) => {
        const bytes = wrap ? enc.encode(armor(b)) : b;
        const c = await checkSignature(bytes, message, { namespace: 'stempack-delivery', crypto: nodeSigCrypto });
        expect(c.outcome).not.toBe('verified');
      }),
      { numRuns: 300 },
    );
  });

  it('mutating any single byte of a good blob never yields a verified signature of another content, and never throws', async () => {
    const text = await signMessage(signer, message, 'stempack-delivery');
    const blob = (dearmor(enc.encode(text)) as { blob: Uint8Array }).blob;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: blob.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const b = blob.slice();
        b[i]! ^= x;
        const c = await checkSignatureBlob(b, message, { namespace: 'stempack-delivery', crypto: nodeSigCrypto });
        expect(c.outcome).not.toBe('verified');
      }),
      { numRuns: 200 },
    );
  });
});

describe('public keys', () => {
  it('reads a .pub line and fingerprints it as ssh-keygen -l does', async () => {
    // ssh-keygen -l -f on this line prints SHA256:p2Ma/oFeBS1yEygz70f+tgdGTigwcKzk7PDWw6aKmAg
    const line = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFND7NmO58TskaW/mgYuxehAlwSh9Em+2XIF6MlfyCkR test-ed25519';
    const k = parseKeyLine(line);
    expect(k).not.toBeNull();
    expect(k!.comment).toBe('test-ed25519');
    const p = parsePublicKeyBlob(k!.blob);
    expect(p.ok && p.key.type).toBe('ssh-ed25519');
    expect(fingerprintOf(await nodeSigCrypto.digest('SHA-256', k!.blob))).toBe('SHA256:p2Ma/oFeBS1yEygz70f+tgdGTigwcKzk7PDWw6aKmAg');
  });

  it('tells malformed keys from refused ones', () => {
    const w = () => new WireWriter();
    expect(parsePublicKeyBlob(w().string('ssh-ed25519').string(new Uint8Array(31)).bytes())).toMatchObject({ ok: false, problem: { kind: 'malformed' } });
    expect(parsePublicKeyBlob(w().string('ssh-dss').string(new Uint8Array(1)).bytes())).toMatchObject({ ok: false, problem: { kind: 'unsupported' } });
    expect(parsePublicKeyBlob(w().string('ssh-ed25519-cert-v01@openssh.com').bytes())).toMatchObject({ ok: false, problem: { kind: 'unsupported', detail: expect.stringMatching(/certificate/) } });
    const n1024 = new Uint8Array(128).fill(0xff);
    expect(parsePublicKeyBlob(w().string('ssh-rsa').mpint(Uint8Array.of(1, 0, 1)).mpint(n1024).bytes())).toMatchObject({ ok: false, problem: { kind: 'weak', bits: 1024 } });
    expect(parsePublicKeyBlob(w().string('ecdsa-sha2-nistp256').string('nistp384').string(new Uint8Array(65)).bytes())).toMatchObject({ ok: false, problem: { kind: 'malformed' } });
    expect(parsePublicKeyBlob(w().string('ecdsa-sha2-toString').string('toString').string(new Uint8Array(65)).bytes())).toMatchObject({ ok: false, problem: { kind: 'unsupported' } });
  });

  it('reads signature values and refuses ssh-rsa (SHA-1)', () => {
    const w = () => new WireWriter();
    expect(parseSigValue(w().string('ssh-rsa').string(new Uint8Array(256)).bytes())).toMatchObject({ ok: false, kind: 'unsupported', alg: 'ssh-rsa' });
    expect(parseSigValue(w().string('ssh-ed25519').string(new Uint8Array(63)).bytes())).toMatchObject({ ok: false, kind: 'malformed' });
    expect(parseSigValue(w().string('ecdsa-sha2-nistp256').string(w().mpint(Uint8Array.of(1)).bytes()).bytes())).toMatchObject({ ok: false, kind: 'malformed' });
    expect(parseSigValue(w().string('sk-ssh-ed25519@openssh.com').string(new Uint8Array(64)).byte(1).uint32(7).bytes())).toMatchObject({ ok: true, value: { flags: 1, counter: 7 } });
  });
});

describe('OpenSSH private key files', () => {
  it('refuses what is not one, with a message', () => {
    expect(() => parseOpensshPrivateKey('hello')).toThrow(/not an OpenSSH private key/);
    expect(() => parseOpensshPrivateKey('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA*\n-----END OPENSSH PRIVATE KEY-----')).toThrow(/damaged/);
  });

  it('never throws anything but its own error on damaged key files', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const text = `-----BEGIN OPENSSH PRIVATE KEY-----\n${Buffer.concat([Buffer.from('openssh-key-v1\0'), Buffer.from(b)]).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
        try {
          parseOpensshPrivateKey(text);
        } catch (e) {
          expect((e as Error).name).toBe('KeyFileError');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a signature blob re-encoded with another namespace', () => {
  it('is reported as SP-SIG-002 material (namespace), not as a bad signature', async () => {
    const s = testSigner(4);
    const text = await signMessage(s, enc.encode('x'), 'git');
    const c = await checkSignature(enc.encode(text), enc.encode('x'), { namespace: 'stempack-delivery', crypto: nodeSigCrypto });
    expect(c).toMatchObject({ outcome: 'namespace', expected: 'stempack-delivery', found: 'git' });
    // and a blob written with sha256 as its hash is refused (SP-SIG-003)
    const d = dearmor(enc.encode(text));
    const p = d.ok ? parseSshsigBlob(d.blob) : null;
    const b2 = encodeSshsigBlob({ publicKeyBlob: p!.ok ? p!.sig.publicKeyBlob : new Uint8Array(), namespace: 'stempack-delivery', hashAlgorithm: 'sha256', signature: p!.ok ? p!.sig.signature : new Uint8Array() });
    expect(await checkSignatureBlob(b2, enc.encode('x'), { namespace: 'stempack-delivery', crypto: nodeSigCrypto })).toMatchObject({ outcome: 'algorithm', reason: 'hash' });
  });
});
