/**
 * Roles the user gives: `--role name=role` and a roles.json table (`--roles`), how their keys
 * match stems, and the refusal that lists every stem whose role stays unclear with a command line
 * that gives them. Pure functions.
 *
 * A key is a file name with or without its extension (`Audio 1.wav`, `Audio 1`), a path relative
 * to the input folder, a stem id, or a pattern with `*` (any run of characters) and `?` (one
 * character) matched against the file name and the relative path (`*Kick*`, `Perc/*`). Keys are
 * compared case-insensitively. A key without a pattern wins over a pattern; among patterns the
 * first in the table wins. `--role` wins over the table, and both over inference.
 * @module
 */
import type { Role } from '../model/manifest.js';
import { ROLES } from '../model/manifest.js';
import { shellQuote } from '../model/shell.js';

/** True for a role of the vocabulary or an extension role `x-...` (spec §5.4). */
export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && ((ROLES as readonly string[]).includes(v) || /^x-[a-z0-9-]+$/.test(v));
}

/** Why a role value is not a role, for usage errors. */
export function notARole(value: unknown): string {
  return `${JSON.stringify(value)} is not a role (one of ${ROLES.join(', ')}, or x-<name>)`;
}

/** True when a key is a pattern (`*` or `?`). */
export function isPattern(key: string): boolean {
  return /[*?]/.test(key);
}

const fold = (s: string): string => s.normalize('NFC').toLowerCase();

function patternRegExp(key: string): RegExp {
  const body = fold(key)
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** A role given for a stem, and the key that gave it. */
export interface GivenRole {
  role: Role;
  key: string;
}

/**
 * The role a table gives a stem known by `names` (file name, name without extension, relative
 * path, id): a key equal to one of them first, else the first pattern that matches one.
 */
export function givenRole(table: Readonly<Record<string, Role>> | undefined, stemNames: readonly string[]): GivenRole | undefined {
  if (!table) return undefined;
  const names = stemNames.map(fold);
  const keys = Object.keys(table);
  for (const k of keys) if (!isPattern(k) && names.includes(fold(k))) return { role: table[k]!, key: k };
  for (const k of keys) {
    if (!isPattern(k)) continue;
    const re = patternRegExp(k);
    if (names.some((n) => re.test(n))) return { role: table[k]!, key: k };
  }
  return undefined;
}

/** Keys of a table that are not patterns and name none of the stems. */
export function unmatchedKeys(table: Readonly<Record<string, Role>> | undefined, stems: readonly (readonly string[])[]): string[] {
  if (!table) return [];
  const all = new Set(stems.flatMap((names) => names.map(fold)));
  return Object.keys(table).filter((k) => !isPattern(k) && !all.has(fold(k)));
}

/** One stem whose role stays unclear. */
export type UnclearStem = {
  /** The input file (the left one of a split-mono pair). */
  path: string;
  /** The key to give its role with (its file name, or its relative path when names repeat). */
  key: string;
  /** Roles the name matched (empty when it matched none). */
  candidates: Role[];
  /** What the name said, in words. */
  reason: string;
};

/** Params of the SP-MAN-002 refusal `roles-unclear`: every stem without a clear role and how to give them. */
export type RolesUnclearParams = {
  reason: 'roles-unclear';
  files: UnclearStem[];
  /** The roles to choose from. */
  roles: string[];
  /** The command line again, with one `--role "<key>=<role>"` per unclear stem to fill in. */
  command: string;
  /** A roles.json for `--roles`, one `"<key>": "<role>"` per unclear stem to fill in. */
  template: Record<string, string>;
};

export { shellQuote } from '../model/shell.js';

/**
 * The refusal's params: the unclear stems, the command line to run again with a `--role` for
 * each (`argv` is the command as run, program name first; without it, `stempack pack <inputs> -o
 * <output>`), and a roles.json template.
 */
export function rolesUnclearParams(files: UnclearStem[], argv: readonly string[]): RolesUnclearParams {
  const roleArgs = files.flatMap((f) => ['--role', `${f.key}=<role>`]);
  const command = [...argv, ...roleArgs].map(shellQuote).join(' ');
  const template: Record<string, string> = {};
  for (const f of files) template[f.key] = '<role>';
  return { reason: 'roles-unclear', files, roles: [...ROLES], command, template };
}
