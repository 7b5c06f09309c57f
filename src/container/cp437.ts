/**
 * IBM code page 437, the ZIP default name encoding when general-purpose bit 11 is clear.
 * Used only to show such names; the spec requires UTF-8 names (flagged separately).
 * Ref: APPNOTE.TXT Appendix D.1.
 * @module
 */

const HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** Decode CP437 bytes (0x00–0x7F as ASCII) to a string. */
export function decodeCp437(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    s += b < 0x80 ? String.fromCharCode(b) : HIGH[b - 0x80]!;
  }
  return s;
}
