// The proof that generated JavaScript carries real types: every generated file says // @ts-check, and tsc
// with the app's own jsconfig (strict) passes over exactly those files, wherever they are (tests included).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Report } from '../../src/types.js';
import { tscArgv } from './fixtures.js';
import { describeRun, run } from './proc.js';

export async function expectGeneratedJsTypeChecks(dir: string, report: Report, jsconfig = 'jsconfig.json'): Promise<void> {
  const generated = report.files.map((f) => f.path).filter((p) => p.endsWith('.js'));
  expect(generated.length).toBeGreaterThan(10);
  for (const p of generated) expect(fs.readFileSync(path.join(dir, p), 'utf8').split('\n')[1], p).toBe('// @ts-check');
  expect(report.dependencies.added.map((d) => d.name)).toContain('@types/ws');
  expect(fs.readFileSync(path.join(dir, 'src/ws/rooms.js'), 'utf8')).toMatch(/@param \{Connection\} conn/);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'checkjs-'));
  try {
    const config = path.join(tmp, 'tsconfig.json');
    fs.writeFileSync(config, JSON.stringify({
      extends: path.join(dir, jsconfig),
      compilerOptions: { allowJs: true, noEmit: true, typeRoots: [path.join(dir, 'node_modules', '@types')] },
      files: generated.map((p) => path.join(dir, p)),
    }));
    const [cmd, ...args] = tscArgv(dir, '-p', config, '--listFiles');
    const r = await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 });
    expect(r.exitCode, describeRun(r)).toBe(0);
    for (const p of generated) expect(r.stdout, `${p} was checked`).toContain(path.join(dir, p));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
