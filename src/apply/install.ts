// Installs the dependencies recorded in package.json with the repo's own package manager,
// streaming its output to stderr (stdout is reserved for the report).
import { execa } from 'execa';
import type { PackageManager } from '../types.js';

export function installCommand(pm: PackageManager, cwd: string): { argv: string[]; cwd: string } {
  return { argv: [pm, 'install'], cwd };
}

export async function runInstall(command: { argv: string[]; cwd: string }): Promise<void> {
  const [file, ...args] = command.argv;
  await execa(file!, args, { cwd: command.cwd, stdout: process.stderr, stderr: process.stderr, stdin: 'ignore' });
}
