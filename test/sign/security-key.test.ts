// Security-key (FIDO, "sk-") signatures: no authenticator here, so the test plays one with
// node:crypto, signing what PROTOCOL.u2f says an authenticator signs; the real ssh-keygen is the
// independent judge that those signatures are right, and stempack must agree with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign as nodeSign, createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { armor, encodeSshsigBlob, signedData } from '../../src/sign/sshsig.js';
import { formatKeyLine } from '../../src/sign/keys.js';
import { WireWriter, concat } from '../../src/sign/wire.js';
import { nodeSigCrypto } from '../../src/sign/crypto-node.js';
import { webSigCrypto } from '../../src/sign/crypto.js';
import { checkSignature } from '../../src/sign/verify.js';
import { base64Decode } from '../../src/sign/base64.js';
import { requireSshKeygen, SSH_KEYGEN, tempDir } from '../helpers/sign.js';

const APP = 'ssh:';
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const sha512 = (b: Uint8Array) => new Uint8Array(createHash('sha512').update(b).digest());
const b64u = (s: string) => {
  const r = base64Decode(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '='));
  if (!r.ok) throw new Error('jwk');
  return r.bytes;
};

/** An armoured SSHSIG made as an authenticator would make it, and the allowed signers key line. */
function skSignature(kind: 'ed25519' | 'ecdsa', message: Uint8Array, flags: number, counter: number): { text: string; line: string } {
  const data = signedData('stempack-delivery', 'sha512', sha512(message));
  const toSign = concat(sha256(new TextEncoder().encode(APP)), new WireWriter().byte(flags).uint32(counter).bytes(), sha256(data));
  if (kind === 'ed25519') {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pk = b64u(publicKey.export({ format: 'jwk' }).x!);
    const type = 'sk-ssh-ed25519@openssh.com';
    const blob = new WireWriter().string(type).string(pk).string(APP).bytes();
    const sig = new WireWriter().string(type).string(new Uint8Array(nodeSign(null, toSign, privateKey))).byte(flags).uint32(counter).bytes();
    return { text: armor(encodeSshsigBlob({ publicKeyBlob: blob, namespace: 'stempack-delivery', hashAlgorithm: 'sha512', signature: sig })), line: formatKeyLine(type, blob) };
  }
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const point = concat(Uint8Array.of(4), b64u(jwk.x!), b64u(jwk.y!));
  const type = 'sk-ecdsa-sha2-nistp256@openssh.com';
  const blob = new WireWriter().string(type).string('nistp256').string(point).string(APP).bytes();
  const rs = new Uint8Array(nodeSign('sha256', toSign, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const inner = new WireWriter().mpint(rs.subarray(0, 32)).mpint(rs.subarray(32)).bytes();
  const sig = new WireWriter().string(type).string(inner).byte(flags).uint32(counter).bytes();
  return { text: armor(encodeSshsigBlob({ publicKeyBlob: blob, namespace: 'stempack-delivery', hashAlgorithm: 'sha512', signature: sig })), line: formatKeyLine(type, blob) };
}

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  requireSshKeygen();
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

describe.each(['ed25519', 'ecdsa'] as const)('sk-%s', (kind) => {
  const message = new TextEncoder().encode('{"stempack": "1.1.0", "title": "Song"}\n');

  it('a signature ssh-keygen accepts, stempack accepts (node:crypto and WebCrypto), reporting user presence and the counter', async () => {
    const { text, line } = skSignature(kind, message, 0x01, 42);
    const sig = join(tmp.dir, `sk-${kind}.sig`);
    const allowed = join(tmp.dir, `allowed-sk-${kind}`);
    writeFileSync(sig, text);
    writeFileSync(allowed, `fido@studio ${line}\n`);
    const r = spawnSync(SSH_KEYGEN, ['-Y', 'verify', '-f', allowed, '-I', 'fido@studio', '-n', 'stempack-delivery', '-s', sig], { input: message, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const crypto of [nodeSigCrypto, webSigCrypto(globalThis.crypto.subtle)]) {
      const c = await checkSignature(new TextEncoder().encode(text), message, { namespace: 'stempack-delivery', crypto });
      expect(c.outcome, crypto.name).toBe('verified');
      if (c.outcome === 'verified') expect(c.value).toMatchObject({ flags: 1, counter: 42 });
    }
  });

  it('over another message it is refused by both; without user presence it is still good, as for ssh-keygen', async () => {
    const { text, line } = skSignature(kind, message, 0x00, 7);
    const forged = text;
    const other = new TextEncoder().encode('{"stempack": "1.1.0", "title": "Other"}\n');
    const sig = join(tmp.dir, `sk-${kind}-2.sig`);
    writeFileSync(sig, forged);
    writeFileSync(join(tmp.dir, 'a2'), `fido@studio ${line}\n`);
    const r = spawnSync(SSH_KEYGEN, ['-Y', 'verify', '-f', join(tmp.dir, 'a2'), '-I', 'fido@studio', '-n', 'stempack-delivery', '-s', sig], { input: other, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect((await checkSignature(new TextEncoder().encode(forged), other, { namespace: 'stempack-delivery', crypto: nodeSigCrypto })).outcome).toBe('bad-signature');
    // user presence not set: still a good signature (reported, not judged, as ssh-keygen does)
    const c = await checkSignature(new TextEncoder().encode(text), message, { namespace: 'stempack-delivery', crypto: nodeSigCrypto });
    expect(c.outcome === 'verified' && c.value).toMatchObject({ flags: 0, counter: 7 });
  });
});
