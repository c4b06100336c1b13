// Writes the published JSON Schemas (report and config) from the zod schemas in the build output.
// `npm run build` runs it; tests check the committed files are current.
import { mkdirSync, writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../dist/report.js';
import { configJsonSchema } from '../dist/config/schema.js';

const dir = new URL('../schemas/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('report.schema.json', dir), `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
writeFileSync(new URL('config.schema.json', dir), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
