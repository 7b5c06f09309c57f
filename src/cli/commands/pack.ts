import type { Command } from 'commander';
import { isRole, notARole } from '../../pack/role-overrides.js';
import { readFile } from 'node:fs/promises';
import { pack, formatPackSummary, PackUsageError, type PackOptions } from '../../pack/index.js';
import type { Code } from '../../model/codes.js';
import { CODES } from '../../model/codes.js';
import type { Credit, Manifest, Role } from '../../model/manifest.js';
import { EXIT, collect, collectPairs, parseNumber, printJson, progressReporter, UsageError, useColor } from '../util.js';

interface PackCliOptions {
  output?: string;
  mix?: string;
  title?: string;
  artist?: string;
  versionName?: string;
  isrc?: string;
  credit?: string[];
  sessionRate?: string;
  sessionBits?: string;
  role?: Record<string, string>;
  roles?: string;
  busProcessing?: boolean;
  nullTolerance?: string;
  attach?: string[];
  manifest?: string;
  allow?: string[];
  created?: string;
  force?: boolean;
  json?: boolean;
  loudness?: boolean;
}

const ROLES_HELP = `
Roles: each stem gets a role (drums, percussion, bass, guitars, keys, synths, strings, brass,
woodwinds, vocals-lead, vocals-backing, fx, ambience, other, or x-<name>), inferred from its file
name (Kick, LeadVox, 02_tenorsax, BGV, KOR_Song_AL3_Bass_48k24...). When a name says none or
several, pack refuses and prints the command again with a --role for each unclear stem.
A key of --role or of the --roles file is a file name (with or without its extension), a path
relative to the input folder, a stem id, or a pattern with * and ? ("*Kick*", "Perc/*"); case does
not matter; a plain key wins over a pattern, and the first matching pattern wins. Example roles.json:
  { "Audio 1.wav": "bass", "Audio 2": "keys", "*BGV*": "vocals-backing" }
`;

/** The command as run, for the ready-to-run command line of the roles-unclear refusal. */
function commandLineOf(cmd: Command): string[] {
  const raw = (cmd.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv;
  return ['stempack', ...raw.slice(2)];
}

/** Read a roles.json: an object of key → role. Bad JSON, another shape or an unknown role is a usage error naming the file and the key. */
async function readRoleTable(file: string): Promise<Record<string, Role>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--roles ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--roles ${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`--roles ${file}: expected an object of "<file name or pattern>": "<role>", got ${Array.isArray(data) ? 'an array' : JSON.stringify(data)}`);
  }
  for (const [k, v] of Object.entries(data)) if (!isRole(v)) throw new UsageError(`--roles ${file}: key "${k}": ${notARole(v)}`);
  return data as Record<string, Role>;
}

/** `stempack pack`: from a folder of DAW exports to a verified, reproducible package. */
export function register(program: Command): void {
  program
    .command('pack')
    .description('Pack a folder (or files) of stems and the mix into a verified, reproducible .stempack')
    .argument('<inputs...>', 'a folder of exports, or audio files')
    .requiredOption('-o, --output <file>', 'the .stempack to write')
    .option('--mix <file>', 'the reference mix (default: found by name: mix, master, full, main)')
    .option('--title <text>', 'song title')
    .option('--artist <text>', 'artist')
    .option('--version-name <text>', 'mix version name, e.g. "Main Mix v3"')
    .option('--isrc <code>', 'ISRC of the recording')
    .option('--credit <name=role>', 'a credit (repeatable), e.g. --credit "Ann Lee=mix engineer"', collect)
    .option('--session-rate <hz>', 'sample rate of the session the stems were printed from')
    .option('--session-bits <bits>', 'bit depth of the session')
    .option('--role <name=role>', 'set the role of a stem (repeatable), e.g. --role "Audio 1.wav=bass"; wins over --roles', collectPairs)
    .option('--roles <json>', 'a JSON file of roles, {"<name or pattern>": "<role>", ...}; wins over the roles inferred from names')
    .option('--bus-processing', 'the mix has mix-bus processing the stems do not (a failing null is reported, not refused)')
    .option('--null-tolerance <dBFS>', 'null tolerance written to the manifest (default -80)')
    .option('--attach <file>', 'store a document under docs/ (repeatable)', collect)
    .option('--manifest <json>', 'a JSON file of manifest fields that override what pack infers')
    .option('--allow <code>', 'do not refuse on this SHOULD-level code (repeatable); MUST-level codes cannot be allowed', collect)
    .option('--created <rfc3339>', 'creation time (default: SOURCE_DATE_EPOCH, else the newest input mtime)')
    .option('--loudness', 'also measure integrated loudness, loudness range and true peak of every file and write them into the manifest (slower)')
    .option('--force', 'overwrite an existing package')
    .option('--json', 'print the manifest written (and findings) as JSON')
    .addHelpText('after', ROLES_HELP + '\nExit codes: 0 package written, 1 refused (findings at error level, or warnings not allowed), 2 usage or I/O error.\nInputs are never modified; the package is written to a temporary name and renamed into place.')
    .action(async (inputs: string[], o: PackCliOptions, cmd: Command) => {
      const allow = (o.allow ?? []).map((c) => {
        if (!(c in CODES)) throw new UsageError(`--allow: unknown code ${c}`);
        return c as Code;
      });
      let manifest: Partial<Manifest> | undefined;
      if (o.manifest) {
        try {
          manifest = JSON.parse(await readFile(o.manifest, 'utf8')) as Partial<Manifest>;
        } catch (e) {
          throw new UsageError(`--manifest ${o.manifest}: ${(e as Error).message}`);
        }
      }
      const roleTable = o.roles ? await readRoleTable(o.roles) : undefined;
      const credits: Credit[] | undefined = o.credit?.map((c) => {
        const i = c.indexOf('=');
        if (i <= 0) throw new UsageError(`--credit expects name=role, got ${c}`);
        return { name: c.slice(0, i), role: c.slice(i + 1) };
      });
      const session: PackOptions['session'] = {};
      if (o.sessionRate) session.sampleRate = parseNumber('--session-rate', o.sessionRate);
      if (o.sessionBits) session.bitDepth = parseNumber('--session-bits', o.sessionBits);
      const progress = progressReporter('pack');
      const opts: PackOptions = {
        inputs,
        output: o.output!,
        ...(o.mix ? { mix: o.mix } : {}),
        ...(o.title ? { title: o.title } : {}),
        ...(o.artist ? { artist: o.artist } : {}),
        ...(o.versionName ? { versionName: o.versionName } : {}),
        ...(o.isrc ? { isrc: o.isrc } : {}),
        ...(credits ? { credits } : {}),
        ...(Object.keys(session).length ? { session } : {}),
        ...(o.role ? { roles: o.role as Record<string, Role> } : {}),
        ...(roleTable ? { roleTable } : {}),
        commandLine: commandLineOf(cmd),
        ...(o.busProcessing ? { busProcessing: true } : {}),
        ...(o.nullTolerance ? { nullTolerance: parseNumber('--null-tolerance', o.nullTolerance) } : {}),
        ...(o.attach ? { attachments: o.attach } : {}),
        ...(manifest ? { manifest } : {}),
        ...(allow.length ? { allow } : {}),
        ...(o.created ? { created: o.created } : {}),
        force: o.force ?? false,
        ...(o.loudness ? { loudness: true } : {}),
        onProgress: (p) => progress(p.bytesDone, p.bytesTotal),
      };
      let result;
      try {
        result = await pack(opts);
      } catch (e) {
        if (e instanceof PackUsageError) throw new UsageError(e.message);
        throw e;
      } finally {
        progress.end();
      }
      if (o.json) {
        // the findings the text lists: every finding, and (by code and path) those that made pack refuse
        const refusals = result.refusals.map((f) => ({ code: f.code, path: f.path }));
        printJson({ ok: result.ok, output: result.output, manifest: result.manifest, findings: result.findings, refusals, inferred: result.inferred, joined: result.joined, ignored: result.ignored });
      }
      else {
        const text = formatPackSummary(result);
        const plain = useColor(process.stdout) ? text : text.replace(/\u001b\[[0-9;]*m/g, '');
        (result.ok ? process.stdout : process.stderr).write(plain + '\n');
      }
      process.exitCode = result.ok ? EXIT.OK : EXIT.FINDINGS;
    });
}
