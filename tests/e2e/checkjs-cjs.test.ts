// Koa 2 in JavaScript CommonJS checked by `// @ts-check` + jsconfig.json: the wired entry must still pass
// the repo's own check (tsc -p jsconfig.json), and the generated JavaScript carries its types as JSDoc
// that pass the same strict check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';
import { tscArgv } from '../helpers/fixtures.js';
import { describeRun, run } from '../helpers/proc.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['checkjs-cjs']!, (ctx) => {
  describe('checkjs-cjs specifics', () => {
    it("the wired entry passes the repo's own // @ts-check (tsc -p jsconfig.json)", async () => {
      await ctx.link();
      const { dir } = await ctx.scaffold();
      const [cmd, ...args] = tscArgv(dir, '-p', 'jsconfig.json');
      const r = await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 });
      expect(r.exitCode, describeRun(r)).toBe(0);
    });

    it("every generated file (tests too) starts with // @ts-check and passes tsc with the repo's strict jsconfig", async () => {
      await ctx.link();
      const { dir, report } = await ctx.scaffold();
      const generated = report.files.map((f) => f.path).filter((p) => p.endsWith('.js'));
      expect(generated.length).toBeGreaterThan(10);
      for (const p of generated) expect(fs.readFileSync(path.join(dir, p), 'utf8').split('\n')[1], p).toBe('// @ts-check');
      expect(report.dependencies.added.map((d) => d.name)).toContain('@types/ws');
      expect(fs.readFileSync(path.join(dir, 'src/ws/rooms.js'), 'utf8')).toMatch(/@param \{Connection\} conn/);
      // The repo's jsconfig (strict) over exactly the generated files, wherever they are.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'checkjs-'));
      try {
        const config = path.join(tmp, 'tsconfig.json');
        fs.writeFileSync(config, JSON.stringify({
          extends: path.join(dir, 'jsconfig.json'),
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
    });
  });
});
