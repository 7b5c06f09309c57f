import type { IxmlFileSet } from '../../model/audio.js';

/** iXML is parsed up to this many bytes. */
export const MAX_IXML = 1 << 20;

/** Decode iXML bytes as UTF-8 (invalid sequences replaced), dropping trailing NULs. */
export function decodeIxml(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, end));
}

/** Text of the first `<TAG>...</TAG>` inside `xml` (no attributes, no nesting of the same tag), trimmed. */
export function tagText(xml: string, tag: string): string | undefined {
  const raw = rawTagText(xml, tag);
  return raw === undefined ? undefined : unescapeXml(raw);
}

function rawTagText(xml: string, tag: string): string | undefined {
  const open = xml.indexOf(`<${tag}>`);
  if (open < 0) return undefined;
  const start = open + tag.length + 2;
  const close = xml.indexOf(`</${tag}>`, start);
  if (close < 0) return undefined;
  return xml.slice(start, close).trim();
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The split-mono file-set fields of an iXML document: `FILE_SET/FAMILY_UID`, `TOTAL_FILES`,
 * `FILE_SET_INDEX`. Undefined when there is no FILE_SET element.
 * Ref: iXML specification v2.10 (ixml.info), §FILE_SET.
 */
export function ixmlFileSet(xml: string): IxmlFileSet | undefined {
  const set = rawTagText(xml, 'FILE_SET');
  if (set === undefined) return undefined;
  const fs: IxmlFileSet = {};
  const uid = tagText(set, 'FAMILY_UID');
  if (uid !== undefined) fs.familyUid = uid;
  const total = tagText(set, 'TOTAL_FILES');
  if (total !== undefined && /^\d+$/.test(total)) fs.totalFiles = Number(total);
  const idx = tagText(set, 'FILE_SET_INDEX');
  if (idx !== undefined) fs.fileSetIndex = idx;
  return fs;
}
