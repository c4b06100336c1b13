// Validates a --json report against the JSON Schema the package publishes (schemas/report.schema.json).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);

/** Every violation of the published schema, one line each (empty when the report matches). */
export function reportSchemaProblems(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `schema: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Throws with every schema violation listed when the report does not match. */
export function assertValidReport(report: unknown): void {
  const problems = reportSchemaProblems(report);
  if (problems.length) throw new Error(`report does not match schemas/report.schema.json:\n${problems.join('\n')}`);
}
