/**
 * Where signatures live in a package (spec §3.6): entries `signatures/<name>.sig`, one path
 * segment after the folder. Pure.
 * @module
 */

/** The folder of signature entries. */
export const SIGNATURES_DIR = 'signatures/';

/** True for an entry name of the form `signatures/<name>.sig` (one segment, something before `.sig`). */
export function isSignatureEntry(name: string): boolean {
  if (!name.startsWith(SIGNATURES_DIR) || !name.endsWith('.sig')) return false;
  const base = name.slice(SIGNATURES_DIR.length);
  return base.length > 4 && !base.includes('/');
}

/** Names stempack gives signature entries: letters, digits and `._@+-`, at most 64 characters. */
export const SIGNATURE_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

/** The entry name of the signature called `name`; null when `name` is not a {@link SIGNATURE_NAME}. */
export function signatureEntryName(name: string): string | null {
  return SIGNATURE_NAME.test(name) ? `${SIGNATURES_DIR}${name}.sig` : null;
}

/** The `<name>` of a signature entry name. */
export function signatureNameOf(entry: string): string {
  return entry.slice(SIGNATURES_DIR.length, -'.sig'.length);
}

/**
 * A default signature name: the key's comment (`mixer@studio`) made safe, else `key-` and the
 * start of the key's fingerprint.
 */
export function defaultSignatureName(comment: string, fingerprint: string): string {
  const c = comment
    .trim()
    .replace(/[^A-Za-z0-9._@+-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  if (SIGNATURE_NAME.test(c)) return c;
  return `key-${fingerprint.replace(/^SHA256:/, '').replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`;
}
