// Koa 2 in JavaScript CommonJS checked by `// @ts-check` + jsconfig.json: the wired entry must still pass
// the repo's own check (tsc -p jsconfig.json), and the generated JavaScript carries its types as JSDoc
// that pass the same strict check.
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';
import { tscArgv } from '../helpers/fixtures.js';
import { describeRun, run } from '../helpers/proc.js';
import { expectGeneratedJsTypeChecks } from '../helpers/check-js.js';

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
      await expectGeneratedJsTypeChecks(dir, report);
    });
  });
});
