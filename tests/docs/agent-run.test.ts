// A scripted agent-style run: an agent that knows nothing but SKILL.md runs its commands, in order, on a
// fresh app (Express 5, ESM/NodeNext, vitest) and ends with the generated test suite passing. Only SKILL.md's
// shell blocks are used; the documented npx/npm rules of support/doc-runner.ts map them to this checkout.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { failedCount, passedCount } from '../helpers/fixture-suite.js';
import { cleanupTempDirs, copyFixture } from '../helpers/scaffold.js';
import { makeNpmShim, runDocCommand, shellBlocks, type CommandRun } from './support/doc-runner.js';
import { readDoc } from './support/markdown.js';

afterAll(() => cleanupTempDirs());

const steps = shellBlocks('SKILL.md', readDoc('SKILL.md')).filter((b) => b.notRunReason === null);
const commands = steps.flatMap((block) => block.commands.map((command) => ({ block, command })));

function indexOf(pattern: RegExp): number {
  return commands.findIndex((c) => pattern.test(c.command));
}

describe('an agent following SKILL.md', () => {
  it('has a default path: doctor, then init, then the type-check and the generated tests, then generate', () => {
    const order = [/ doctor --json$/, / init --yes --json$/, /^npx tsc --noEmit$/, /^npm run test:ws$/, / generate --json$/].map(indexOf);
    expect(order.every((i) => i >= 0), commands.map((c) => c.command).join('\n')).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('takes a fresh Express 5 ESM app to a passing generated test suite', { timeout: 600_000 }, async () => {
    const dir = copyFixture('express5-ts-esm');
    const shim = makeNpmShim(path.dirname(dir));
    const before = fs.readFileSync(path.join(dir, 'src', 'index.ts'), 'utf8');
    const runs: CommandRun[] = [];
    for (const { block, command } of commands) runs.push(await runDocCommand(block, command, dir, shim));

    const reportOf = (pattern: RegExp): Report => {
      const r = runs.find((x) => pattern.test(x.command));
      expect(r?.json, `a JSON report from ${pattern}`).toBeTruthy();
      return r!.json as Report;
    };
    const doctor = reportOf(/ doctor --json$/);
    expect(doctor.detected?.framework?.name).toBe('express');
    expect(doctor.detected?.serverSite?.file).toBe('src/index.ts');

    const dry = reportOf(/ init --yes --dry-run --json$/);
    expect(dry.dryRun).toBe(true);
    expect(dry.files.length).toBeGreaterThan(0);

    const init = reportOf(/ init --yes --json$/);
    expect(init.ok).toBe(true);
    expect(init.wiring).toEqual({ file: 'src/index.ts', action: 'added' });
    expect(init.dependencies.installed, 'the CLI installed the dependencies (npm install, mapped to local links)').toBe(true);
    for (const f of init.files) expect(fs.existsSync(path.join(dir, f.path)), f.path).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'src', 'index.ts'), 'utf8')).not.toBe(before);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'ws', 'package.json'))).toBe(true);

    const tests = runs.find((r) => r.command === 'npm run test:ws')!;
    expect(passedCount(tests.result), `${tests.result.stdout}\n${tests.result.stderr}`).toBeGreaterThan(5);
    expect(failedCount(tests.result)).toBe(0);

    const regenerate = reportOf(/ generate --json$/);
    expect(regenerate.ok).toBe(true);
    expect(regenerate.files.every((f) => f.action === 'unchanged'), JSON.stringify(regenerate.files)).toBe(true);
  });
});
