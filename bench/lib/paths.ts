import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.dirname(BENCH);
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'express5-ts-esm');
export const RESULTS = path.join(BENCH, 'results');
export const script = (rel: string): string => path.join(BENCH, rel);
