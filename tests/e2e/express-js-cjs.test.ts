// Plain JavaScript, CommonJS, Express 4, `const server = app.listen(...)`: the CLI must generate
// JavaScript (no TypeScript, no TS tooling added) that plain node runs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite, outDirOf } from '../helpers/fixture-suite.js';
import { FIXTURE_SPECS } from '../helpers/fixtures.js';
import { describeRun, run } from '../helpers/proc.js';

defineFixtureSuite(FIXTURE_SPECS['express-js-cjs']!, (ctx) => {
  describe('express-js-cjs specifics', () => {
    it('says it generated JavaScript (NO_TYPESCRIPT) and adds no TypeScript tooling', async () => {
      const { report } = await ctx.scaffold();
      expect(report.warnings.map((w) => w.code)).toContain('NO_TYPESCRIPT');
      const added = report.dependencies.added.map((d) => d.name);
      expect(added.filter((n) => n === 'typescript' || n === 'tsx' || n.startsWith('@types/'))).toEqual([]);
      expect(fs.existsSync(path.join((await ctx.scaffold()).dir, 'tsconfig.json'))).toBe(false);
    });

    it('generates CommonJS JavaScript that node accepts (node --check on every file)', async () => {
      const { dir, report } = await ctx.scaffold();
      const out = outDirOf(dir);
      for (const f of report.files) {
        const r = await run(process.execPath, ['--check', f.path], { cwd: dir, timeoutMs: 20_000 });
        expect(r.exitCode, describeRun(r)).toBe(0);
        if (f.path.startsWith(`${out}/`)) {
          const text = fs.readFileSync(path.join(dir, f.path), 'utf8');
          expect(text, `${f.path} uses CommonJS`).not.toMatch(/^\s*(import\s[^(]|export\s)/m);
        }
      }
    });

    it('passes the listen() result straight to attachWebSocketServer(server)', async () => {
      const { dir } = await ctx.scaffold();
      const text = fs.readFileSync(path.join(dir, 'src/server.js'), 'utf8');
      expect(text).toMatch(/require\(\s*['"]\.\/ws\/server(\.js)?['"]\s*\)/);
      expect(text.search(/attachWebSocketServer\s*\(\s*server\s*\)/), text).toBeGreaterThan(text.indexOf('const server = app.listen('));
    });
  });
});
