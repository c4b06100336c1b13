// All-or-nothing writes: every new file is first written next to its target under a temp name,
// then each is renamed over its target (a rename never leaves a half-written file). A failure while
// staging leaves every file as it was; a failure between renames puts back what was already renamed
// (best effort), so each file is whole, old or new, and the manifest (renamed last) is the old one.
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';

export interface FileWrite {
  /** Absolute path. */
  file: string;
  /** New content, or null to delete the file. */
  content: string | null;
  /** The file's content before (null: it did not exist; undefined: unknown), to undo a rename. */
  previous?: string | null;
}

/** The file operations the writer uses; tests inject one that fails between writes. */
export interface WriterFs {
  mkdir(dir: string, opts: { recursive: true }): Promise<unknown>;
  writeFile(file: string, data: string, opts: { flag: 'wx' }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, opts: { force: true }): Promise<void>;
  rmdir(dir: string): Promise<void>;
}

export const realFs: WriterFs = {
  mkdir: (dir, opts) => nodeFs.mkdir(dir, opts),
  writeFile: (file, data, opts) => nodeFs.writeFile(file, data, opts),
  rename: (from, to) => nodeFs.rename(from, to),
  rm: (file, opts) => nodeFs.rm(file, opts),
  rmdir: (dir) => nodeFs.rmdir(dir),
};

const tempName = (file: string): string => `${file}.${randomBytes(6).toString('hex')}.tmp`;

/**
 * Writes every file (the last one last: put the manifest there), then deletes the null ones and
 * prunes directories they leave empty, up to (not including) `stopAt`.
 */
export async function writeAllAtomically(writes: FileWrite[], fs: WriterFs = realFs, stopAt?: string): Promise<void> {
  const staged: { temp: string; write: FileWrite }[] = [];
  try {
    for (const w of writes) {
      if (w.content === null) continue;
      await fs.mkdir(path.dirname(w.file), { recursive: true });
      const temp = tempName(w.file);
      staged.push({ temp, write: w });
      await fs.writeFile(temp, w.content, { flag: 'wx' });
    }
  } catch (err) {
    await Promise.all(staged.map((s) => fs.rm(s.temp, { force: true }).catch(() => undefined)));
    throw err;
  }
  const renamed: FileWrite[] = [];
  for (const [i, s] of staged.entries()) {
    try {
      await fs.rename(s.temp, s.write.file);
      renamed.push(s.write);
    } catch (err) {
      await Promise.all(staged.slice(i).map((rest) => fs.rm(rest.temp, { force: true }).catch(() => undefined)));
      await undo(renamed, fs);
      throw err;
    }
  }
  for (const w of writes) {
    if (w.content !== null) continue;
    await fs.rm(w.file, { force: true });
    if (stopAt) await pruneEmptyDirs(path.dirname(w.file), stopAt, fs);
  }
}

/** Puts back the previous content of files already renamed over (each again by temp + rename). */
async function undo(renamed: FileWrite[], fs: WriterFs): Promise<void> {
  for (const w of renamed.reverse()) {
    try {
      if (w.previous === null) await fs.rm(w.file, { force: true });
      else if (w.previous !== undefined) {
        const temp = tempName(w.file);
        await fs.writeFile(temp, w.previous, { flag: 'wx' });
        await fs.rename(temp, w.file);
      }
    } catch {
      // The disk refuses writes: the file stays whole (new); the old manifest still describes the rest.
    }
  }
}

async function pruneEmptyDirs(dir: string, stopAt: string, fs: WriterFs): Promise<void> {
  const root = path.resolve(stopAt);
  for (let d = path.resolve(dir); d.startsWith(root + path.sep); d = path.dirname(d)) {
    try {
      await fs.rmdir(d); // fails (ENOTEMPTY) when anything is left: then the parents are not empty either
    } catch {
      return;
    }
  }
}
