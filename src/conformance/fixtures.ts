/**
 * Locate the conformance suite (`spec/conformance/`) and generate its fixtures into a folder,
 * checking each against the SHA-256 its recipe records.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildFixture, fixtureSha256, type RecipeBook } from './recipe.js';

/** The `spec/conformance` folder: `$STEMPACK_CONFORMANCE`, else found upwards from this module. */
export function suiteDir(): string {
  const env = process.env['STEMPACK_CONFORMANCE'];
  if (env) return resolve(env);
  let d = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    const c = join(d, 'spec', 'conformance');
    if (existsSync(join(c, 'recipes.json'))) return c;
    d = dirname(d);
  }
  throw new Error('spec/conformance not found (set STEMPACK_CONFORMANCE)');
}

/** Default fixture folder, outside the repository. */
export function defaultFixtureDir(): string {
  return join(tmpdir(), 'stempack-conformance');
}

/** Read `recipes.json`. */
export function loadRecipes(dir = suiteDir()): RecipeBook {
  return JSON.parse(readFileSync(join(dir, 'recipes.json'), 'utf8')) as RecipeBook;
}

/** One generated fixture. */
export interface GeneratedFixture {
  name: string;
  /** Package path. */
  path: string;
  /** Profile path when the recipe has one. */
  profilePath?: string;
  sha256: string;
  /** The recipe's recorded SHA-256 (undefined when none is recorded yet). */
  expected?: string;
  /** True when the file already existed with the right hash and was reused. */
  reused: boolean;
}

/**
 * Write every fixture of `book` into `outDir` (reusing files whose hash already matches).
 * Throws when a generated fixture's SHA-256 differs from the one recorded, unless `update`
 * is set, in which case the new hashes are returned for the caller to record.
 */
export function generateFixtures(book: RecipeBook, outDir: string, opts: { update?: boolean; only?: string[] } = {}): GeneratedFixture[] {
  mkdirSync(outDir, { recursive: true });
  const out: GeneratedFixture[] = [];
  for (const name of Object.keys(book.fixtures).sort()) {
    if (opts.only && !opts.only.includes(name)) continue;
    const fx = book.fixtures[name]!;
    const file = join(outDir, fx.file ?? `${name}.stempack`);
    let reused = false;
    let sha: string;
    let profile: string | undefined;
    if (!opts.update && fx.sha256 && existsSync(file) && fixtureSha256(readFileSync(file)) === fx.sha256) {
      reused = true;
      sha = fx.sha256;
      if (fx.profile !== undefined) profile = JSON.stringify(fx.profile, null, 2);
    } else {
      const built = buildFixture(book, name);
      sha = fixtureSha256(built.bytes);
      if (fx.sha256 && sha !== fx.sha256 && !opts.update) {
        throw new Error(`fixture '${name}': SHA-256 ${sha} differs from the recorded ${fx.sha256} (generator or recipe changed)`);
      }
      writeFileSync(file, built.bytes);
      profile = built.profile;
    }
    const g: GeneratedFixture = { name, path: file, sha256: sha, reused };
    if (fx.sha256) g.expected = fx.sha256;
    if (profile !== undefined) {
      g.profilePath = join(outDir, `${name}.profile.json`);
      writeFileSync(g.profilePath, profile);
    }
    out.push(g);
  }
  return out;
}
