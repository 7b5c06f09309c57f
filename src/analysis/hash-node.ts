/**
 * Node's SHA-256 (node:crypto, OpenSSL: SHA-NI/AVX where the CPU has it). Importing this
 * module registers it as the default {@link Sha256} implementation, zlib's native CRC-32 for
 * the pass, and the worker-thread engine (`parallel-node.ts`).
 */
import { createHash } from 'node:crypto';
import { crc32UpdateNode } from '../container/crc32-node.js';
import { setSha256Factory, type Sha256 } from './hash.js';
import { setCrc32Implementation } from './block.js';
// the Node entry also registers the worker-thread engine of the analysis pass
import './parallel-node.js';

/** A node:crypto SHA-256. */
export function nodeSha256(): Sha256 {
  const h = createHash('sha256');
  return {
    update(bytes) {
      h.update(bytes);
    },
    hex() {
      return h.digest('hex');
    },
  };
}

setSha256Factory(nodeSha256);

setCrc32Implementation(crc32UpdateNode);
