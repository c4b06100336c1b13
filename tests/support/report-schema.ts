// Validates a --json report against the JSON Schema the package publishes (schemas/report.schema.json).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);

/** Throws with every schema violation listed when the report does not match. */
export function assertValidReport(report: unknown): void {
  if (!validate(report)) {
    throw new Error(`report does not match schemas/report.schema.json:\n${JSON.stringify(validate.errors, null, 2)}`);
  }
}
