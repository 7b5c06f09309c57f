/**
 * The messages of the signature and receipt findings, each built from the finding's params by
 * one small function per code (so they can move into the shared message registry unchanged).
 * @module
 */
import type { ParamsMap } from '../model/finding.js';

const REASONS: Record<string, string> = {
  method: 'is compressed; signature entries are stored',
  position: 'comes before the manifest; signature entries come after it',
  'too-large': 'is too large to be a signature',
  armour: 'is not an armoured SSH signature',
  base64: 'has broken base64 inside its armour',
  magic: 'is not an SSHSIG signature',
  version: 'has an SSHSIG version this reader does not know',
  truncated: 'is truncated',
  length: 'has a field whose length runs past the signature',
  trailing: 'has bytes after its last field',
  namespace: 'has an empty namespace',
  utf8: 'has a text field that is not UTF-8',
  key: 'holds a public key that cannot be read',
  signature: 'holds a signature value that cannot be read',
};

/** SP-SIG-001. */
export function sigMalformedMessage(path: string, p: ParamsMap['SP-SIG-001']): string {
  return `${path} ${REASONS[p.reason] ?? 'cannot be read'} (${p.detail})`;
}

/** SP-SIG-002. */
export function sigNamespaceMessage(path: string, p: ParamsMap['SP-SIG-002']): string {
  return `${path} was made for the namespace "${p.found}", not "${p.expected}" (key ${p.fingerprint}): a signature made for something else`;
}

/** SP-SIG-003. */
export function sigAlgorithmMessage(path: string, p: ParamsMap['SP-SIG-003']): string {
  return `${path} is refused: ${p.detail} (key ${p.fingerprint})`;
}

/** SP-SIG-004. */
export function sigBadMessage(path: string, p: ParamsMap['SP-SIG-004']): string {
  return `${path} does not verify over ${p.signed}: ${p.keyType} key ${p.fingerprint}; the ${p.signed === 'stempack.json' ? 'manifest' : 'file'} was changed after signing, or the signature belongs to another ${p.signed === 'stempack.json' ? 'package' : 'file'}`;
}

/** SP-SIG-005. */
export function sigNoTrustedMessage(p: ParamsMap['SP-SIG-005']): string {
  const who = p.identity !== null ? ` for ${p.identity}` : '';
  if (p.signatures === 0) return `the package carries no signature; none from an allowed signer${who}`;
  return `no signature from an allowed signer${who}: ${p.signatures} signature${p.signatures === 1 ? '' : 's'}, ${p.verified} verified, none from a key the allowed signers list${who}`;
}

/** SP-SIG-006. */
export function sigValidityMessage(path: string, p: ParamsMap['SP-SIG-006']): string {
  const bound = p.reason === 'expired' ? `expired (valid-before ${p.validBefore})` : `not valid yet (valid-after ${p.validAfter})`;
  return `${path}: the key ${p.fingerprint} of ${p.principals} is ${bound} at ${p.verifyTime} (${p.file}:${p.line})`;
}

/** SP-SIG-101. */
export function sigVerifiedMessage(path: string, p: ParamsMap['SP-SIG-101']): string {
  const who = p.principal !== null ? ` from ${p.principal}` : p.trusted === null ? '; who signed is not checked without allowed signers (stempack verify --allowed-signers)' : ' from an unknown signer (no allowed signers line allows this key)';
  const sk = p.userPresence === undefined ? '' : `; security key ${p.userPresence ? 'touched' : 'NOT touched'} (counter ${p.counter})`;
  return `${path}: good "${p.namespace}" signature with ${p.keyType} key ${p.fingerprint}${who}${sk}`;
}

/** SP-RCP-001. */
export function receiptShapeMessage(path: string, p: ParamsMap['SP-RCP-001']): string {
  return `${path} is not a stempack receipt: ${p.pointer ? `${p.pointer}: ` : ''}${p.detail}`;
}

/** SP-RCP-002. */
export function receiptSubjectMessage(path: string, p: ParamsMap['SP-RCP-002']): string {
  return p.found === null
    ? `${path}: the receipt names ${p.subject}, which this package does not have`
    : `${path}: ${p.subject} has SHA-256 ${p.found.slice(0, 16)}..., the receipt says ${p.expected.slice(0, 16)}...: the receipt is for another package or version`;
}
