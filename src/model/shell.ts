/**
 * Command lines the tools print for a person to run (pack's role command, validate's hints).
 * @module
 */

/** Quote one argument for a POSIX shell when it needs it (double quotes, as people type them). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}
