// The command that runs jest for the generated tests. jest loads ES modules only with Node's
// --experimental-vm-modules; a repo that runs jest that way says so in its `test` script, and the
// generated script reuses the repo's own command (NODE_OPTIONS=..., cross-env, node <jest bin>), so it
// works wherever the repo's does.
import type { RepoFacts } from '../types.js';

const VM_MODULES = '--experimental-vm-modules';

/** The repo's jest invocation from its `test` script when it enables vm modules: the one command of a chain that does. */
export function repoJestCommand(testScript: string | undefined): string | null {
  if (!testScript || !testScript.includes(VM_MODULES)) return null;
  const commands = testScript.split(/&&|\|\||;/).map((c) => c.trim());
  return commands.find((c) => c.includes(VM_MODULES) && /\bjest\b/.test(c)) ?? null;
}

/** How test:ws starts jest: the repo's own command with vm modules, `jest` otherwise, plus a note when we had to add the flag. */
export function jestCommand(facts: RepoFacts): { command: string; addedVmModules: boolean } {
  const repo = repoJestCommand(facts.packageJson.scripts.test);
  if (repo) return { command: repo, addedVmModules: false };
  // An ESM app's tests are ES modules to jest too: without the flag it cannot load them.
  if (facts.moduleSystem === 'esm') return { command: `NODE_OPTIONS=${VM_MODULES} jest`, addedVmModules: true };
  return { command: 'jest', addedVmModules: false };
}
