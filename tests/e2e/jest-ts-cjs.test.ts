// Express 4, TypeScript, CommonJS, tested with jest + ts-jest (jest.config.js: roots src + tests, testMatch
// **/*.test.ts). The generated tests must run under jest, be collected by the repo's own config, and load
// jose (ES module only) although jest's CommonJS runtime cannot import ES modules.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite, failedCount, outDirOf, passedCount } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS, tscArgv } from '../helpers/fixtures.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { describeRun, run } from '../helpers/proc.js';
import { copyFixture, INIT_ARGS, runCli } from '../helpers/scaffold.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['jest-ts-cjs']!, (ctx) => {
  describe('jest-ts-cjs specifics', () => {
    it('adds a test:ws script that runs jest on the generated tests, and no collection warning', async () => {
      const { dir, report } = await ctx.scaffold();
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg.scripts['test:ws']).toBe('jest --testTimeout 30000 tests/ws/');
      expect(pkg.devDependencies.tsx, 'no tsx: jest runs the TypeScript').toBeUndefined();
      expect(report.warnings.map((w) => w.code)).not.toContain('TESTS_NOT_COLLECTED');
      const auth = fs.readFileSync(path.join(dir, outDirOf(dir), 'auth.ts'), 'utf8');
      expect(auth).toMatch(/requireWithNode\('jose', error\)/);
    });

    it("the repo's own `jest` (its config, no arguments) collects and passes its test and the generated ones", async () => {
      await ctx.build();
      const { dir } = await ctx.scaffold();
      const r = await run(process.execPath, [path.join(dir, 'node_modules/jest/bin/jest.js'), '--testTimeout', '30000'], { cwd: dir, timeoutMs: 170_000 });
      expect(r.exitCode, describeRun(r)).toBe(0);
      const text = `${r.stdout}${r.stderr}`;
      expect(text).toMatch(/PASS tests\/ws\/ws\.test\.ts/);
      expect(text).toMatch(/PASS tests\/health\.test\.ts/);
      expect(failedCount(r), describeRun(r)).toBe(0);
      expect(passedCount(r), describeRun(r)).toBeGreaterThan(20);
      // The JWKS and signed-token tests ran: jose was loaded under jest.
      expect(text).not.toMatch(/Must use import to load ES Module|Cannot use import statement outside a module/);
    }, 180_000);

    it("uses jest's ambient globals, as the repo's own tests do (typed by its @types/jest)", async () => {
      const { dir, report } = await ctx.scaffold();
      const test = fs.readFileSync(path.join(dir, 'tests/ws/ws.test.ts'), 'utf8');
      expect(test).toMatch(/^const before = beforeAll;$/m);
      expect(test).not.toMatch(/@jest\/globals|from 'node:test'/);
      expect(report.dependencies.added.filter((d) => d.name.includes('jest'))).toEqual([]);
    });

    it('the presets\' generated tests are jest tests too: they type-check and pass under jest', async () => {
      const dir = copyFixture('jest-ts-cjs');
      const res = await runCli([...INIT_ARGS, '--preset', 'chat', 'dashboard', 'collab', '--cwd', dir], { cwd: path.dirname(dir) });
      expect(res.exitCode, res.stderr).toBe(0);
      linkDeclaredDeps(dir);
      const [tsc, ...tscArgs] = tscArgv(dir, '--noEmit', '-p', '.');
      const checked = await run(tsc!, tscArgs, { cwd: dir, timeoutMs: 120_000 });
      expect(checked.exitCode, describeRun(checked)).toBe(0);
      const r = await run(process.execPath, [path.join(dir, 'node_modules/jest/bin/jest.js'), '--testTimeout', '30000', 'tests/ws/'], { cwd: dir, timeoutMs: 170_000 });
      expect(r.exitCode, describeRun(r)).toBe(0);
      const text = `${r.stdout}${r.stderr}`;
      for (const preset of ['chat', 'dashboard', 'collab']) expect(text).toMatch(new RegExp(`PASS tests/ws/${preset}\\.test\\.ts`));
      expect(failedCount(r), describeRun(r)).toBe(0);
    }, 180_000);

    it('names exactly what to add when the jest config would not collect the generated tests', async () => {
      const dir = copyFixture('jest-ts-cjs');
      const config = path.join(dir, 'jest.config.js');
      fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace("['<rootDir>/src', '<rootDir>/tests']", "['<rootDir>/src']"));
      const res = await runCli([...INIT_ARGS, '--dry-run', '--cwd', dir], { cwd: path.dirname(dir) });
      expect(res.exitCode, res.stderr).toBe(0);
      const warning = res.report!.warnings.find((w) => w.code === 'TESTS_NOT_COLLECTED');
      expect(warning?.message).toBe(
        'The jest config in jest.config.js does not collect tests/ws/ws.test.ts: add "<rootDir>/tests/ws" to its roots, or pass --tests with a folder it collects.',
      );
    });
  });
});
