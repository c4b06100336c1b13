// Express 5, ESM with NodeNext and the strictest common flags (noUncheckedIndexedAccess,
// exactOptionalPropertyTypes, verbatimModuleSyntax); the server is `http.createServer(app)`
// inside `async function bootstrap()`; vitest is the app's own runner with a test of its own.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { FIXTURE_SPECS } from '../helpers/fixtures.js';
import { describeRun, run } from '../helpers/proc.js';

defineFixtureSuite(FIXTURE_SPECS['express5-ts-esm']!, (ctx) => {
  describe('express5-ts-esm specifics', () => {
    it('wires inside bootstrap(), after the server is created', async () => {
      const { dir } = await ctx.scaffold();
      const text = fs.readFileSync(path.join(dir, 'src/index.ts'), 'utf8');
      const body = text.slice(text.indexOf('async function bootstrap'), text.indexOf('bootstrap().catch'));
      const created = body.indexOf('http.createServer(app)');
      const attached = body.search(/attachWebSocketServer\s*\(\s*server\b/);
      expect(created, text).toBeGreaterThan(-1);
      expect(attached, text).toBeGreaterThan(created);
      expect(text).toMatch(/from\s+['"]\.\/ws\/server\.js['"]/); // NodeNext wants the .js extension
    });

    it("keeps the app's own vitest suite green next to the generated tests (`vitest run`)", async () => {
      await ctx.build();
      const { dir } = await ctx.scaffold();
      const r = await run(process.execPath, [path.join(dir, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: dir, timeoutMs: 150_000 });
      expect(r.exitCode, describeRun(r)).toBe(0);
      expect(`${r.stdout}${r.stderr}`).toContain('config.test.ts');
    });
  });
});
