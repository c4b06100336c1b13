import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The create-ws-server checkout (holds package.json, dist/, node_modules/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI: `npm run build` makes it. */
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
/** The only place fixture copies take their packages from (tests never call a registry). */
export const ROOT_NODE_MODULES = path.join(ROOT, 'node_modules');
