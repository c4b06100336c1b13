// Koa 2 in JavaScript CommonJS checked by `// @ts-check` + jsconfig.json: the wired entry must still pass
// the repo's own check (tsc -p jsconfig.json), and the generated server is plain JavaScript.
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
  });
});
