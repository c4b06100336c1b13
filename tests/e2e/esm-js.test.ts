// Express 5, JavaScript ESM (`"type": "module"`) checked by `checkJs` in jsconfig.json: the generated server is
// ESM JavaScript that runs under plain node, and its JSDoc types pass the repo's strict check.
// A light suite: it differs from a full fixture in its module set-up only.
import { describe, expect, it } from 'vitest';
import { expectGeneratedJsTypeChecks } from '../helpers/check-js.js';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS, tscArgv } from '../helpers/fixtures.js';
import { describeRun, run } from '../helpers/proc.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['esm-js']!, (ctx) => {
  describe('esm-js specifics', () => {
    it("the app and the generated server pass the repo's own check (tsc -p jsconfig.json, checkJs)", async () => {
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
