// All-or-nothing writes: every new file is first written next to its target under a temp name,
// then each is renamed over its target. A failure before the renames leaves every file as it was.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface FileWrite {
  /** Absolute path. */
  file: string;
  /** New content, or null to delete the file. */
  content: string | null;
}

export async function writeAllAtomically(writes: FileWrite[]): Promise<void> {
  const staged: { temp: string; file: string }[] = [];
  try {
    for (const w of writes) {
      if (w.content === null) continue;
      await mkdir(path.dirname(w.file), { recursive: true });
      const temp = `${w.file}.${randomBytes(6).toString('hex')}.tmp`;
      staged.push({ temp, file: w.file });
      await writeFile(temp, w.content, { flag: 'wx' });
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw err;
  }
  for (const s of staged) await rename(s.temp, s.file);
  for (const w of writes) if (w.content === null) await rm(w.file, { force: true });
}
