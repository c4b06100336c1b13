// Uncommitted changes are worth a warning (the user may want to see generate's changes on their
// own), never a reason to refuse. No git, or not a repository: nothing to say.
import { execFile } from 'node:child_process';

export function dirtyWorktree(appRoot: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['status', '--porcelain', '--', '.'], { cwd: appRoot, timeout: 10_000 }, (err, stdout) => {
      resolve(!err && stdout.trim() !== '');
    });
  });
}

export async function warnIfDirty(appRoot: string, warnings: { code: string; message: string }[]): Promise<void> {
  if (await dirtyWorktree(appRoot)) {
    warnings.push({ code: 'DIRTY_WORKTREE', message: 'The git working tree has uncommitted changes; commit or stash them first if you want to review these changes on their own.' });
  }
}
