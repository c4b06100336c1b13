// Express 4, TypeScript, "type": "module" (NodeNext), tested with jest 29 + ts-jest's ESM preset, which jest
// runs only under Node's --experimental-vm-modules (the repo's `test` script sets NODE_OPTIONS). The
// generated tests run under the repo's own jest, are collected by its config (roots src + tests,
// testMatch **/*.test.ts), and test:ws runs jest the way the repo's `test` script does.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite, failedCount, passedCount } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';
import { describeRun, run } from '../helpers/proc.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['jest-ts-esm']!, (ctx) => {
  describe('jest-ts-esm specifics', () => {
    it("adds a test:ws script that runs jest the way the repo's test script does (with vm modules), and no collection warning", async () => {
      const { dir, report } = await ctx.scaffold();
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg.scripts.test).toBe('NODE_OPTIONS=--experimental-vm-modules jest');
      expect(pkg.scripts['test:ws']).toBe('NODE_OPTIONS=--experimental-vm-modules jest --testTimeout 30000 tests/ws/');
      expect(report.warnings.map((w) => w.code)).not.toContain('TESTS_NOT_COLLECTED');
      expect(report.nextSteps.join('\n'), 'the repo already runs jest with the flag: nothing to tell').not.toMatch(/run your own jest the same way/);
    });

    it("imports jest's globals from @jest/globals, as the repo's own tests do (it has no @types/jest: the type-check above proves it), adding nothing", async () => {
      const { dir, report } = await ctx.scaffold();
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg.devDependencies['@types/jest'], 'the fixture has no @types/jest').toBeUndefined();
      expect(fs.readFileSync(path.join(dir, 'tests/ws/ws.test.ts'), 'utf8')).toContain("import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';");
      expect(report.dependencies.added.filter((d) => d.name.includes('jest'))).toEqual([]);
    });

    it("the repo's own `npm test` (its config, no arguments) collects and passes its test and the generated ones", async () => {
      await ctx.build();
      const { dir } = await ctx.scaffold();
      const r = await run('npm', ['test', '--silent', '--', '--testTimeout', '30000'], { cwd: dir, timeoutMs: 170_000 });
      expect(r.exitCode, describeRun(r)).toBe(0);
      const text = `${r.stdout}${r.stderr}`;
      expect(text).toMatch(/PASS tests\/ws\/ws\.test\.ts/);
      expect(text).toMatch(/PASS tests\/health\.test\.ts/);
      expect(failedCount(r), describeRun(r)).toBe(0);
      expect(passedCount(r), describeRun(r)).toBeGreaterThan(20);
    }, 180_000);

    it('the flag is what makes it work: plain jest cannot load the generated ES module tests', async () => {
      await ctx.link();
      const { dir } = await ctx.scaffold();
      const r = await run(process.execPath, [path.join(dir, 'node_modules/jest/bin/jest.js'), 'tests/ws/'], { cwd: dir, timeoutMs: 120_000 });
      expect(r.exitCode).not.toBe(0);
      expect(`${r.stdout}${r.stderr}`, describeRun(r)).toMatch(/Cannot use import statement outside a module|Must use import to load ES Module/);
    }, 150_000);
  });
});
