// The oldest TypeScript we support: an app pinned to TypeScript 4.7.4. The generated code type-checks and
// builds with the app's own compiler (tscArgv runs node_modules/typescript, here 4.7.4).
// A light suite: it differs from express4-ts-cjs in its compiler only.
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS, tscArgv } from '../helpers/fixtures.js';
import { run } from '../helpers/proc.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['express4-ts47-cjs']!, (ctx) => {
  describe('express4-ts47-cjs specifics', () => {
    it("the app's own compiler is 4.7", async () => {
      await ctx.link();
      const { dir } = await ctx.scaffold();
      const [cmd, ...args] = tscArgv(dir, '--version');
      expect((await run(cmd!, args, { cwd: dir })).stdout).toMatch(/Version 4\.7\./);
    });
  });
});
