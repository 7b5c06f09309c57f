/**
 * Generate the conformance fixtures: `node dist/scripts/conformance-fixtures.js [--out dir] [--update] [--only name,...]`.
 *
 * Writes every fixture of `spec/conformance/recipes.json` into `--out` (default
 * `<tmp>/stempack-conformance`) and checks each against the SHA-256 its recipe records, so
 * other implementations get byte-identical fixtures. `--update` records the new hashes in
 * recipes.json instead (after a deliberate recipe or generator change).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFixtureDir, generateFixtures, loadRecipes, suiteDir } from '../src/conformance/index.js';

function main(): number {
  const argv = process.argv.slice(2);
  let out = defaultFixtureDir();
  let update = false;
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i]!;
    else if (argv[i] === '--update') update = true;
    else if (argv[i] === '--only') only = argv[++i]!.split(',');
    else {
      console.error(`unknown argument ${argv[i]!}`);
      return 2;
    }
  }
  const suite = suiteDir();
  const book = loadRecipes(suite);
  const gen = generateFixtures(book, out, { update, ...(only ? { only } : {}) });
  if (update) {
    const path = join(suite, 'recipes.json');
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { fixtures: Record<string, { sha256?: string }> };
    for (const g of gen) raw.fixtures[g.name]!.sha256 = g.sha256;
    writeFileSync(path, JSON.stringify(raw, null, 2) + '\n');
  }
  for (const g of gen) console.log(`${g.sha256}  ${g.path}${g.reused ? ' (reused)' : ''}`);
  console.log(`${gen.length} fixtures in ${out}${update ? ' (hashes recorded)' : ''}`);
  return 0;
}

process.exitCode = main();
