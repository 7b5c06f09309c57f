/**
 * A minimal ssh-agent client over its unix socket (`SSH_AUTH_SOCK`): list the keys, ask for a
 * signature. Used for passphrase-protected keys and security keys, whose private halves
 * stempack never reads. Node only.
 *
 * Ref: OpenSSH PROTOCOL.agent; draft-ietf-sshm-ssh-agent §3 (framing), §4.4 (identities),
 * §4.5 (signing, flags SSH_AGENT_RSA_SHA2_256/512).
 * @module
 */
import { createConnection } from 'node:net';
import { WireError, WireReader, WireWriter } from './wire.js';

const SSH_AGENT_FAILURE = 5;
const SSH2_AGENTC_REQUEST_IDENTITIES = 11;
const SSH2_AGENT_IDENTITIES_ANSWER = 12;
const SSH2_AGENTC_SIGN_REQUEST = 13;
const SSH2_AGENT_SIGN_RESPONSE = 14;
/** Flags of a sign request: RSA signatures with SHA-256 or SHA-512 instead of SHA-1. */
export const SSH_AGENT_RSA_SHA2_256 = 0x02;
export const SSH_AGENT_RSA_SHA2_512 = 0x04;
/** Largest agent message accepted (OpenSSH's AGENT_MAX_LEN). */
const MAX_MESSAGE = 256 * 1024;

/** The agent could not be reached or refused. */
export class AgentError extends Error {
  override name = 'AgentError';
}

/** One key the agent holds. */
export interface AgentIdentity {
  blob: Uint8Array;
  comment: string;
}

/** Send one request and read one reply. `timeoutMs` covers a security key waiting for a touch. */
function request(socket: string, type: number, payload: Uint8Array, timeoutMs: number): Promise<{ type: number; body: Uint8Array }> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(socket);
    const chunks: Buffer[] = [];
    let got = 0;
    let done = false;
    const finish = (err: Error | null, value?: { type: number; body: Uint8Array }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(() => finish(new AgentError(`ssh-agent did not answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    conn.on('error', (e: NodeJS.ErrnoException) => finish(new AgentError(`cannot reach ssh-agent at ${socket}: ${e.code ?? e.message}`)));
    conn.on('connect', () => {
      const msg = new WireWriter().uint32(payload.length + 1).byte(type).raw(payload).bytes();
      conn.write(msg);
    });
    conn.on('data', (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got < 4) return;
      const all = Buffer.concat(chunks);
      const len = all.readUInt32BE(0);
      if (len < 1 || len > MAX_MESSAGE) return finish(new AgentError(`ssh-agent sent a message of ${len} bytes`));
      if (all.length < 4 + len) return;
      finish(null, { type: all[4]!, body: new Uint8Array(all.subarray(5, 4 + len)) });
    });
    conn.on('end', () => finish(new AgentError('ssh-agent closed the connection without an answer')));
  });
}

/** The keys the agent at `socket` holds. */
export async function agentIdentities(socket: string, timeoutMs = 10_000): Promise<AgentIdentity[]> {
  const reply = await request(socket, SSH2_AGENTC_REQUEST_IDENTITIES, new Uint8Array(0), timeoutMs);
  if (reply.type !== SSH2_AGENT_IDENTITIES_ANSWER) throw new AgentError(`ssh-agent refused to list its keys (answer ${reply.type})`);
  try {
    const r = new WireReader(reply.body);
    const n = r.uint32('key count');
    const out: AgentIdentity[] = [];
    for (let i = 0; i < n; i++) out.push({ blob: r.string('key'), comment: r.text('comment') });
    return out;
  } catch (e) {
    if (e instanceof WireError) throw new AgentError(`ssh-agent sent a damaged key list: ${e.message}`);
    throw e;
  }
}

/**
 * Ask the agent to sign `data` with the key `blob`. Returns the SSH signature blob
 * (`string algorithm, string value[, ...]`). `flags` picks the RSA hash.
 */
export async function agentSign(socket: string, blob: Uint8Array, data: Uint8Array, flags: number, timeoutMs = 120_000): Promise<Uint8Array> {
  const payload = new WireWriter().string(blob).string(data).uint32(flags).bytes();
  const reply = await request(socket, SSH2_AGENTC_SIGN_REQUEST, payload, timeoutMs);
  if (reply.type === SSH_AGENT_FAILURE) throw new AgentError('ssh-agent refused to sign (a security key not touched, or a key confirmation declined?)');
  if (reply.type !== SSH2_AGENT_SIGN_RESPONSE) throw new AgentError(`ssh-agent answered ${reply.type} to a sign request`);
  try {
    const r = new WireReader(reply.body);
    return r.string('signature').slice();
  } catch (e) {
    if (e instanceof WireError) throw new AgentError(`ssh-agent sent a damaged signature: ${e.message}`);
    throw e;
  }
}
