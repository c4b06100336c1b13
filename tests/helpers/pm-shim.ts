// Package managers replaced by a recording shim on PATH: each call appends `name<TAB>cwd<TAB>args` to a log,
// so a test can prove which install command ran, and where, without touching a registry.
import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv } from './proc.js';
import { makeTempDir } from './scaffold.js';

export const SHIMMED = ['npm', 'pnpm', 'yarn', 'bun'] as const;

export interface PmShim {
  /** Env for the CLI: the shims first on PATH, SHIM_LOG set. */
  env: Record<string, string>;
  calls(): { name: string; cwd: string; args: string[] }[];
}

export function makePmShim(): PmShim {
  const dir = makeTempDir('pm-shim');
  const log = path.join(dir, 'calls.log');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const name of SHIMMED) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nprintf '%s\\t%s\\t%s\\n' "${name}" "$PWD" "$*" >> "$SHIM_LOG"\n`, { mode: 0o755 });
  }
  return {
    env: { PATH: `${bin}${path.delimiter}${cleanEnv().PATH ?? ''}`, SHIM_LOG: log },
    calls: () =>
      fs.existsSync(log)
        ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => {
            const [name, cwd, args] = l.split('\t');
            return { name: name!, cwd: cwd!, args: (args ?? '').split(' ').filter(Boolean) };
          })
        : [],
  };
}
