// Do the generated tests prove the behaviour, or only run the code? Break one guarantee at a time
// in the generated src/ws/*.ts of a scaffolded node:test app (text edits on the real generated
// code), run the generated tests: they must fail; restore the file: they must pass again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedCount, HOOK_TIMEOUT, outDirOf, passedCount, runGeneratedTests } from '../helpers/fixture-suite.js';
import { FIXTURE_SPECS } from '../helpers/fixtures.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { describeRun } from '../helpers/proc.js';
import { cleanupTempDirs, scaffoldFixture, type Scaffolded } from '../helpers/scaffold.js';

const spec = FIXTURE_SPECS['express4-ts-cjs']!;

interface Mutation {
  name: string;
  /** File under the generated out dir. */
  file: string;
  /** Returns the broken source; must change it (the test fails loudly if the code it targets moved). */
  apply: (src: string) => string;
}

/** Replace with a regex that must match; a failure names the pattern so the mutation can be updated. */
function mustReplace(src: string, re: RegExp, replacement: string): string {
  if (!re.test(src)) throw new Error(`mutation point ${String(re)} not found in the generated code: update tests/e2e/mutation.test.ts`);
  re.lastIndex = 0;
  return src.replace(re, replacement);
}

const DECODE_WITHOUT_VERIFYING =
  "({ payload: ((): Record<string, unknown> => { try { return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>; } catch { return { sub: 'anonymous' }; } })() })";

const MUTATIONS: Mutation[] = [
  {
    name: 'token verification accepts anything (decoded, never verified)',
    file: 'auth.ts',
    apply: (src) => mustReplace(src, /await\s+jwtVerify\(\s*token\s*,[^)]*\)/, DECODE_WITHOUT_VERIFYING),
  },
  {
    name: 'the origin check allows every origin',
    file: 'handshake.ts',
    apply: (src) => mustReplace(src, /(export function isOriginAllowed\([\s\S]*?\)\s*:\s*boolean\s*\{)/, '$1\n  return true;'),
  },
  {
    name: 'the heartbeat never terminates a silent peer',
    file: 'heartbeat.ts',
    apply: (src) => mustReplace(src, /([\w.]+)\.terminate\(\)/g, 'void $1'),
  },
  {
    name: 'publish echoes the message back to the sender',
    file: 'server.ts',
    apply: (src) => mustReplace(src, /rooms\.broadcast\(\s*channel\s*,\s*data\s*,\s*conn\s*\)/, 'rooms.broadcast(channel, data, null)'),
  },
  {
    name: 'malformed JSON no longer closes the connection',
    file: 'server.ts',
    apply: (src) => mustReplace(src, /return closeConnection\(\s*conn\s*,\s*CloseCode\.policyViolation\s*,\s*message\s*\)\s*;/, 'return;'),
  },
];

let scaffolded: Scaffolded;
let outDir = '';

beforeAll(async () => {
  scaffolded = await scaffoldFixture(spec.name);
  expect(scaffolded.exitCode, scaffolded.stderr).toBe(0);
  linkDeclaredDeps(scaffolded.dir);
  outDir = path.join(scaffolded.dir, outDirOf(scaffolded.dir));
  const baseline = await runGeneratedTests(scaffolded.dir, spec, scaffolded.report);
  if (baseline.exitCode !== 0) throw new Error(`the unmutated generated tests must pass first:\n${describeRun(baseline)}`);
}, HOOK_TIMEOUT);

afterAll(() => cleanupTempDirs());

describe(`mutations of the generated server (${spec.name}, node:test)`, () => {
  for (const m of MUTATIONS) {
    it(`the generated tests fail when ${m.name}, and pass again once restored`, { timeout: 360_000 }, async () => {
      const file = path.join(outDir, m.file);
      const original = fs.readFileSync(file, 'utf8');
      const mutated = m.apply(original);
      expect(mutated).not.toBe(original);
      let broken;
      fs.writeFileSync(file, mutated);
      try {
        broken = await runGeneratedTests(scaffolded.dir, spec, scaffolded.report);
      } finally {
        fs.writeFileSync(file, original);
      }
      expect(broken.exitCode, `the generated tests PASSED with the mutation "${m.name}":\n${describeRun(broken)}`).not.toBe(0);
      expect(broken.timedOut, `the generated tests hung instead of failing:\n${describeRun(broken)}`).toBe(false);
      // failed as tests, not as a file that no longer loads: some ran and passed, some failed
      expect(failedCount(broken), describeRun(broken)).toBeGreaterThan(0);
      expect(passedCount(broken), describeRun(broken)).toBeGreaterThan(0);

      const restored = await runGeneratedTests(scaffolded.dir, spec, scaffolded.report);
      expect(restored.exitCode, describeRun(restored)).toBe(0);
    });
  }
});
