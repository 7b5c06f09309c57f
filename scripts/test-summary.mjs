// Prints vitest's totals as one plain closing line, "N passed, N failed, N skipped", from the JSON
// reporter's output (test-results.json), so CI logs end with counts any reader understands.
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(new URL('../test-results.json', import.meta.url), 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
process.exitCode = r.numFailedTests > 0 || r.numTotalTests === 0 ? 1 : 0;
