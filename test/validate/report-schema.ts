// Ajv2020 validator for schema/report.schema.json, compiled once per test file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

let compiled: ValidateFunction | null = null;

/** The compiled report schema. */
export function reportValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../schema/report.schema.json'), 'utf8'));
    compiled = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
}
