/**
 * The fastest CRC-32 Node has: zlib's `crc32` (Node >= 20.15, 22.2), with the same value and
 * chaining convention as {@link crc32Update}, several times faster; the portable one where zlib
 * lacks it. Node only (the browser uses `crc32.ts`).
 * @module
 */
import * as zlib from 'node:zlib';
import { crc32Update } from './crc32.js';

const zcrc = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** Continue a CRC-32 (start 0) over `bytes`; returns the finished CRC so far, like {@link crc32Update}. */
export const crc32UpdateNode: (crc: number, bytes: Uint8Array) => number = typeof zcrc === 'function' ? (crc, bytes) => zcrc(bytes, crc >>> 0) : crc32Update;
