/**
 * Generate `src/manifest/generated/schema-validators.ts`: the three JSON Schemas of `schema/`
 * compiled by Ajv ahead of time (Ajv's standalone code), so a run of the library or the CLI
 * loads plain validator functions instead of loading Ajv and compiling the schemas at start-up
 * (about 0.2 s of every `stempack validate`).
 *
 *     npx tsc -p tsconfig.build.json && node dist/scripts/gen-schema-validators.js
 *
 * The schema files stay the single source: `test/manifest/generated-validators.test.ts`
 * regenerates the module in memory and fails when the committed one differs (a schema edited
 * without regenerating, or another Ajv version), and checks that the generated validators give
 * the same error objects as Ajv compiling the schemas at run time with {@link AJV_OPTIONS}.
 *
 * The generated module imports no package: Ajv's two run-time helpers it needs (`equal`, i.e.
 * fast-deep-equal, and `ucs2length`) are written into it from the installed Ajv, and the
 * `date-time` format comes from `src/manifest/date-time.ts`. It works unchanged in the browser
 * bundle.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020, _ } from 'ajv/dist/2020.js';
import type { Options } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { isRfc3339DateTime } from '../src/manifest/date-time.js';

/** Which schemas, in the order of the exports of the generated module. */
export const SCHEMA_NAMES = ['manifest', 'profile', 'report'] as const;

/** The Ajv options of the validators (draft 2020-12): strict schemas, every error, with data and schema. */
export const AJV_OPTIONS = { strict: true, allErrors: true, verbose: true } as const satisfies Options;

/**
 * The `$defs` of the manifest schema that are the items of an array (`"items": {"$ref": "#/$defs/x"}`),
 * in schema order. Each gets its own exported validator (`manifestItem_<name>`), so the manifest's
 * arrays are checked item by item: Ajv's own code merges every item's errors into one array with
 * `concat` (quadratic) and keeps them all (a million `{}` stems: eleven million error objects).
 */
export function manifestItemDefs(manifest: object): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n !== null && typeof n === 'object') {
      const items = (n as { items?: { $ref?: unknown } }).items;
      const m = typeof items?.$ref === 'string' ? /^#\/\$defs\/([A-Za-z0-9]+)$/.exec(items.$ref) : null;
      if (m && !out.includes(m[1]!)) out.push(m[1]!);
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(manifest);
  return out;
}

/** Path of the generated module inside the repository. */
export const GENERATED_PATH = 'src/manifest/generated/schema-validators.ts';

const require = createRequire(import.meta.url);
type StandaloneCode = (ajv: Ajv2020, refs: Record<string, string>) => string;
// a CommonJS module: its default is module.exports in Node and `exports.default` in bundlers
const standaloneCode = ((standaloneModule as unknown as { default?: StandaloneCode }).default ??
  standaloneModule) as unknown as StandaloneCode;

/** The repository root: the nearest folder above this script holding package.json (works from dist/ too). */
export function repoRoot(from: string = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** The schema documents as parsed from `schema/<name>.schema.json`. */
export function readSchemas(root: string = repoRoot()): Record<(typeof SCHEMA_NAMES)[number], object> {
  const read = (n: string) => JSON.parse(readFileSync(join(root, 'schema', `${n}.schema.json`), 'utf8')) as object;
  return { manifest: read('manifest'), profile: read('profile'), report: read('report') };
}

/** A fresh Ajv with {@link AJV_OPTIONS} and the `date-time` format (plus `extra` options). */
export function createAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
  return ajv;
}

/** The text of the generated module for these schemas (deterministic: same schemas and Ajv, same text). */
export function generateSchemaValidators(schemas: Record<(typeof SCHEMA_NAMES)[number], object> = readSchemas()): string {
  // `formats` is the name the generated code looks formats up in; the header below defines it.
  const ajv = createAjv({ code: { source: true, esm: true, lines: true, formats: _`formats` } });
  for (const name of SCHEMA_NAMES) ajv.addSchema(schemas[name], name);
  const exportsMap: Record<string, string> = Object.fromEntries(SCHEMA_NAMES.map((n) => [n, n]));
  for (const d of manifestItemDefs(schemas.manifest)) exportsMap[`manifestItem_${d}`] = `manifest#/$defs/${d}`;
  let code = standaloneCode(ajv, exportsMap);
  // Ajv's run-time helpers are referenced as require(...) even in ESM output; write each one in.
  code = code.replace(/require\("(ajv\/dist\/runtime\/[A-Za-z0-9]+)"\)\.default/g, (_m: string, id: string) => {
    const fn = (require(id) as { default: unknown }).default;
    if (typeof fn !== 'function') throw new Error(`${id} is not a function`);
    return `(${fn.toString()})`;
  });
  if (/\brequire\(/.test(code)) throw new Error('generated validators still require() a module: teach the generator about it');
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  return [
    `// GENERATED by scripts/gen-schema-validators.ts from schema/{${SCHEMA_NAMES.join(',')}}.schema.json`,
    `// with Ajv ${ajvVersion} standalone code (draft 2020-12, ${JSON.stringify(AJV_OPTIONS)}). Do not edit.`,
    '// Regenerate after changing a schema or Ajv:',
    '//   npx tsc -p tsconfig.build.json && node dist/scripts/gen-schema-validators.js',
    '// test/manifest/generated-validators.test.ts fails while this file is stale.',
    '// @ts-nocheck',
    '/* eslint-disable */',
    "import { isRfc3339DateTime } from '../date-time.js';",
    "const formats = { 'date-time': { type: 'string', validate: isRfc3339DateTime } };",
    code.replace(/^"use strict";\n?/, ''),
  ].join('\n') + '\n';
}

/** Write the generated module into the repository; returns its path. */
export function writeSchemaValidators(root: string = repoRoot()): string {
  const path = join(root, GENERATED_PATH);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, generateSchemaValidators(readSchemas(root)));
  return path;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`wrote ${writeSchemaValidators()}`);
}
