// The docs tests' stand-in for a bare `npm install` (see doc-runner.ts): gives the app in argv[2] a
// node_modules of symlinks to the packages its package.json declares, from the checkout's own node_modules.
import { linkDeclaredDeps } from '../../helpers/link.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: link-installed.ts <app dir>');
const linked = linkDeclaredDeps(dir);
process.stderr.write(`docs tests: "npm install" linked ${linked.length} declared packages from the checkout (no registry)\n`);
