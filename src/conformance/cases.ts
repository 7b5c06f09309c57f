/**
 * Conformance cases (`spec/conformance/cases/*.json`, each an array of cases; shape in
 * `spec/conformance/case.schema.json`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A citation of the spec sentence a case tests. */
export interface Citation {
  section: string;
  quote: string;
}

/** One conformance case. */
export interface ConformanceCase {
  description: string;
  specification: Citation[];
  files: { package: string };
  /** Validation level (default `full`). */
  level?: 'structure' | 'headers' | 'full';
  expect: {
    /** The report's `valid`. */
    valid: boolean;
    /** Findings that must be present (code, and path when given). */
    findings: { code: string; path?: string }[];
    /** Codes that must not be reported at all (the requirement is met). */
    absent?: string[];
  };
  /** File the case came from (set by the loader). */
  source?: string;
}

/** Load every case file of the suite, in file name order. */
export function loadCases(suite: string): ConformanceCase[] {
  const dir = join(suite, 'cases');
  const out: ConformanceCase[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const list = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ConformanceCase[];
    for (const c of list) out.push({ ...c, source: `cases/${f}` });
  }
  return out;
}
