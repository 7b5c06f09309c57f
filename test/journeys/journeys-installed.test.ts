// The journeys (./journeys.ts) on the package as a user installs it: `npm pack`, then `npm install`
// of the tarball in an empty folder (test/helpers/installed.ts, installed once per test run and
// shared with test/packaging/installed.test.ts), run through its node_modules/.bin/stempack link.
import { dirname } from 'node:path';
import { installedStempack, runInstalled } from '../helpers/installed.js';
import { describeJourneys, type Runner } from './journeys.js';

function installedPackage(): Runner {
  const pkg = installedStempack();
  return {
    run: (args, cwd) => runInstalled(args, {}, cwd),
    binDir: () => dirname(pkg.command[0]!),
  };
}

describeJourneys('journeys on the installed package', installedPackage);
