// Removes build outputs whose source is gone, so a renamed module never lingers in dist/.
// It deletes nothing else: other processes (tests running in parallel) keep a working dist/cli.js.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

function sweep(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      sweep(full);
      continue;
    }
    const source = path.join(root, 'src', path.relative(dist, full)).replace(/\.js$/, '.ts');
    if (!existsSync(source)) rmSync(full);
  }
}
sweep(dist);
