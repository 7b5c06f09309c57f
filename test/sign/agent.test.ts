// Signing through a real ssh-agent: a passphrase-protected key is never read, the agent signs;
// without an agent, or with the key not added, the user is told what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSigner, signMessage, SignerError } from '../../src/sign/signer.js';
import { agentIdentities } from '../../src/sign/agent.js';
import { keygen, requireSshKeygen, SSH_KEYGEN, tempDir } from '../helpers/sign.js';

let tmp: ReturnType<typeof tempDir>;
let agent: ChildProcess | null = null;
let sock = '';
let ed: ReturnType<typeof keygen>;
let rsa: ReturnType<typeof keygen>;
const PASS = 'correct horse battery staple';

async function waitFor(path: string): Promise<void> {
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(path)) throw new Error(`ssh-agent did not create ${path}`);
}

function sshAdd(key: string): void {
  const askpass = join(tmp.dir, 'askpass.sh');
  writeFileSync(askpass, `#!/bin/sh\necho '${PASS}'\n`);
  chmodSync(askpass, 0o700);
  const r = spawnSync('ssh-add', [key], { env: { ...process.env, SSH_AUTH_SOCK: sock, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`ssh-add failed: ${r.stderr}`);
}

beforeAll(async () => {
  requireSshKeygen();
  tmp = tempDir();
  ed = keygen(tmp.dir, 'ed25519', { passphrase: PASS, comment: 'mixer@studio' });
  rsa = keygen(tmp.dir, 'rsa-3072', { passphrase: PASS, comment: 'label@example' });
  sock = join(tmp.dir, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  await waitFor(sock);
});

afterAll(() => {
  if (agent?.pid !== undefined) process.kill(agent.pid);
  tmp.cleanup();
});

describe('signing through ssh-agent', () => {
  it('without an agent, a passphrase-protected key is refused with the commands to run', async () => {
    const e = await loadSigner(ed.key, { agentSocket: '' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SignerError);
    expect((e as Error).message).toMatch(/passphrase/);
    expect((e as Error).message).toContain(`ssh-add ${ed.key}`);
    expect((e as Error).message).toMatch(/ssh-agent/);
  });

  it('with the key not in the agent, says so and how to add it', async () => {
    const e = await loadSigner(ed.key, { agentSocket: sock }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/not in the running ssh-agent/);
  });

  it('once added, the agent signs; ssh-keygen verifies (Ed25519, and RSA with rsa-sha2-512)', async () => {
    sshAdd(ed.key);
    sshAdd(rsa.key);
    expect((await agentIdentities(sock)).map((i) => i.comment).sort()).toEqual(['label@example', 'mixer@studio']);
    const message = new TextEncoder().encode('{"title": "Song"}\n');
    writeFileSync(join(tmp.dir, 'm.json'), message);
    for (const [k, who] of [
      [ed, 'mixer@studio'],
      [rsa, 'label@example'],
    ] as const) {
      const signer = await loadSigner(k.key, { agentSocket: sock });
      expect(signer.via).toBe('agent');
      expect(signer.comment).toBe(who);
      const text = await signMessage(signer, message, 'stempack-delivery');
      if (k === rsa) expect(Buffer.from(text.split('\n').slice(1, -2).join(''), 'base64').includes(Buffer.from('rsa-sha2-512'))).toBe(true);
      writeFileSync(join(tmp.dir, 'm.sig'), text);
      writeFileSync(join(tmp.dir, 'allowed'), `${who} ${k.line}\n`);
      const r = spawnSync(SSH_KEYGEN, ['-Y', 'verify', '-f', join(tmp.dir, 'allowed'), '-I', who, '-n', 'stempack-delivery', '-s', join(tmp.dir, 'm.sig')], { input: message, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    // the .pub file alone is enough when the agent holds the key
    expect((await loadSigner(ed.pub, { agentSocket: sock })).via).toBe('agent');
  });

  it('an agent that is not there is a clear error, not a hang', async () => {
    const e = await loadSigner(ed.key, { agentSocket: join(tmp.dir, 'nobody.sock') }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/cannot reach ssh-agent/);
  });
});
