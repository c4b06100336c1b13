// Removes the previous build so a renamed source file never leaves a stale module in dist/.
import { rmSync } from 'node:fs';
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
