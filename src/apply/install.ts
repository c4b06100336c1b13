// Installs the dependencies recorded in package.json with the repo's own package manager,
// streaming its output to stderr (stdout is reserved for the report). The command runs in the app's
// folder: in a workspace every manager here finds the workspace root from there and installs for it.
import { execa } from 'execa';
import type { PackageManager, YarnFlavor } from '../types.js';

export function installCommand(pm: PackageManager, cwd: string, yarnFlavor?: YarnFlavor): { argv: string[]; cwd: string } {
  // Yarn berry turns on immutable installs when it sees CI, and then refuses the lockfile change that
  // the dependencies we just added to package.json require (YN0028): opt out for this one install.
  if (pm === 'yarn' && yarnFlavor === 'berry') return { argv: ['yarn', 'install', '--no-immutable'], cwd };
  return { argv: [pm, 'install'], cwd };
}

export async function runInstall(command: { argv: string[]; cwd: string }): Promise<void> {
  const [file, ...args] = command.argv;
  await execa(file!, args, { cwd: command.cwd, stdout: process.stderr, stderr: process.stderr, stdin: 'ignore' });
}
