import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * sha256 of every file under dir (POSIX relative path -> hash), skipping the named top-level
 * folders (node_modules by default). Symlinks are recorded by their target, not followed.
 */
export function hashTree(dir: string, skip: string[] = ['node_modules']): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string) => {
    for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
      const relPath = rel === '' ? ent.name : `${rel}/${ent.name}`;
      if (rel === '' && skip.includes(ent.name)) continue;
      const full = path.join(abs, ent.name);
      if (ent.isSymbolicLink()) out.set(relPath, `symlink:${fs.readlinkSync(full)}`);
      else if (ent.isDirectory()) {
        out.set(`${relPath}/`, 'dir');
        walk(full, relPath);
      } else out.set(relPath, crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
    }
  };
  walk(dir, '');
  return out;
}

/** The differences between two hashTree() results, as readable lines ([] when identical). */
export function diffTrees(before: Map<string, string>, after: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const [p, h] of before) {
    if (!after.has(p)) lines.push(`removed  ${p}`);
    else if (after.get(p) !== h) lines.push(`changed  ${p}`);
  }
  for (const p of after.keys()) if (!before.has(p)) lines.push(`added    ${p}`);
  return lines.sort();
}
