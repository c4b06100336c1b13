import type { Report } from '../../src/types.js';
import { reportSchemaProblems } from '../support/report-schema.js';

const FILE_ACTIONS = ['created', 'updated', 'unchanged', 'merged', 'conflict', 'removed', 'skipped'];
const FRAMEWORKS = ['express', 'fastify', 'koa', 'hono', 'nestjs', 'node-http'];
const WIRING_ACTIONS = ['added', 'unchanged', 'skipped', 'removed'];

/**
 * Every way `value` differs from the `--json` report shape of CONTRACT.md §1 / src/types.ts
 * (an empty list when it conforms). Written by hand from the contract, so a drift in the
 * CLI's own schema shows up here too.
 */
export function reportProblems(value: unknown): string[] {
  const p: string[] = [];
  const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown, at: string) => typeof v === 'string' || p.push(`${at} must be a string, got ${JSON.stringify(v)}`);
  const bool = (v: unknown, at: string) => typeof v === 'boolean' || p.push(`${at} must be a boolean, got ${JSON.stringify(v)}`);
  const arr = (v: unknown, at: string): v is unknown[] => Array.isArray(v) || (p.push(`${at} must be an array`), false);
  const oneOf = (v: unknown, allowed: string[], at: string) =>
    allowed.includes(v as string) || p.push(`${at} must be one of ${allowed.join('|')}, got ${JSON.stringify(v)}`);
  const posix = (v: unknown, at: string) => {
    if (typeof v === 'string' && (v.includes('\\') || v.startsWith('/'))) p.push(`${at} must be a relative POSIX path, got ${v}`);
  };

  if (!isObj(value)) return ['the report is not a JSON object'];
  const r = value;
  if (r.schemaVersion !== 1) p.push(`schemaVersion must be 1, got ${JSON.stringify(r.schemaVersion)}`);
  bool(r.ok, 'ok');
  str(r.command, 'command');
  bool(r.dryRun, 'dryRun');

  if (r.detected !== null) {
    if (!isObj(r.detected)) p.push('detected must be an object or null');
    else {
      const d = r.detected;
      if (d.framework !== null) {
        if (!isObj(d.framework)) p.push('detected.framework must be an object or null');
        else {
          oneOf(d.framework.name, FRAMEWORKS, 'detected.framework.name');
          if (d.framework.version !== null) str(d.framework.version, 'detected.framework.version');
        }
      }
      str(d.appRoot, 'detected.appRoot');
      if (d.entry !== null) {
        str(d.entry, 'detected.entry');
        posix(d.entry, 'detected.entry');
      }
      if (d.serverSite !== null) {
        if (!isObj(d.serverSite)) p.push('detected.serverSite must be an object or null');
        else {
          str(d.serverSite.file, 'detected.serverSite.file');
          posix(d.serverSite.file, 'detected.serverSite.file');
          if (!Number.isInteger(d.serverSite.line) || d.serverSite.line < 1) p.push('detected.serverSite.line must be a 1-based integer');
          str(d.serverSite.kind, 'detected.serverSite.kind');
        }
      }
      oneOf(d.moduleSystem, ['cjs', 'esm'], 'detected.moduleSystem');
      if (d.typescript !== null && !(isObj(d.typescript) && typeof d.typescript.version === 'string')) {
        p.push('detected.typescript must be {version} or null');
      }
      oneOf(d.packageManager, ['npm', 'pnpm', 'yarn', 'bun'], 'detected.packageManager');
      oneOf(d.testRunner, ['vitest', 'jest', 'node:test'], 'detected.testRunner');
      if (arr(d.existingWebSocket, 'detected.existingWebSocket')) {
        d.existingWebSocket.forEach((e: any, i: number) => {
          str(e?.library, `detected.existingWebSocket[${i}].library`);
          str(e?.file, `detected.existingWebSocket[${i}].file`);
        });
      }
    }
  }

  if (arr(r.files, 'files')) {
    r.files.forEach((f: any, i: number) => {
      str(f?.path, `files[${i}].path`);
      posix(f?.path, `files[${i}].path`);
      oneOf(f?.kind, ['owned', 'seeded'], `files[${i}].kind`);
      oneOf(f?.action, FILE_ACTIONS, `files[${i}].action`);
    });
  }
  if (arr(r.conflicts, 'conflicts')) {
    r.conflicts.forEach((c: any, i: number) => {
      str(c?.path, `conflicts[${i}].path`);
      arr(c?.hunks, `conflicts[${i}].hunks`);
    });
  }
  if (!isObj(r.dependencies)) p.push('dependencies must be an object');
  else {
    if (arr(r.dependencies.added, 'dependencies.added')) {
      r.dependencies.added.forEach((d: any, i: number) => {
        str(d?.name, `dependencies.added[${i}].name`);
        str(d?.range, `dependencies.added[${i}].range`);
        bool(d?.dev, `dependencies.added[${i}].dev`);
      });
    }
    bool(r.dependencies.installed, 'dependencies.installed');
    const c = r.dependencies.command;
    if (c !== null && !(isObj(c) && Array.isArray(c.argv) && typeof c.cwd === 'string')) {
      p.push('dependencies.command must be {argv, cwd} or null');
    }
  }
  if (r.wiring !== null) {
    if (!isObj(r.wiring)) p.push('wiring must be an object or null');
    else {
      str(r.wiring.file, 'wiring.file');
      oneOf(r.wiring.action, WIRING_ACTIONS, 'wiring.action');
    }
  }
  for (const key of ['warnings', 'errors'] as const) {
    if (arr(r[key], key)) {
      r[key].forEach((w: any, i: number) => {
        str(w?.code, `${key}[${i}].code`);
        str(w?.message, `${key}[${i}].message`);
        if (key === 'errors') str(w?.hint, `errors[${i}].hint`);
      });
    }
  }
  if (arr(r.nextSteps, 'nextSteps')) r.nextSteps.forEach((s: unknown, i: number) => str(s, `nextSteps[${i}]`));
  if (r.ok === true && Array.isArray(r.errors) && r.errors.length > 0) p.push('ok is true but errors[] is not empty');
  if (r.ok === false && Array.isArray(r.errors) && r.errors.length === 0) p.push('ok is false but errors[] is empty');
  return p;
}

/** Throw with every problem when the value is not a conforming report. */
export function assertReport(value: unknown): asserts value is Report {
  const problems = [...reportProblems(value), ...reportSchemaProblems(value)];
  if (problems.length > 0) {
    throw new Error(`the --json report does not match the contract:\n  ${problems.join('\n  ')}\n${JSON.stringify(value, null, 2).slice(0, 3000)}`);
  }
}
