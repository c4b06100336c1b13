// The one Report every command fills in and prints once: as JSON for agents (--json), as text for people.
import { z } from 'zod';
import { FRAMEWORK_NAMES } from './types.js';
import type { Report, RepoFacts } from './types.js';

const issue = z.object({ code: z.string(), message: z.string() }).strict();

/** The published shape of `--json` (schemas/report.schema.json is generated from it). */
export const ReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    ok: z.boolean(),
    command: z.string(),
    dryRun: z.boolean(),
    detected: z
      .object({
        framework: z.object({ name: z.enum(FRAMEWORK_NAMES as [string, ...string[]]), version: z.string().nullable() }).strict().nullable(),
        appRoot: z.string(),
        entry: z.string().nullable(),
        serverSite: z.object({ file: z.string(), line: z.number().int().min(1), kind: z.string() }).strict().nullable(),
        moduleSystem: z.enum(['cjs', 'esm']),
        typescript: z.object({ version: z.string() }).strict().nullable(),
        packageManager: z.enum(['npm', 'pnpm', 'yarn', 'bun']),
        yarnFlavor: z.enum(['classic', 'berry']).optional(),
        testRunner: z.enum(['vitest', 'jest', 'node:test']),
        existingWebSocket: z.array(z.object({ library: z.string(), file: z.string(), line: z.number().int().min(1) }).strict()),
      })
      .strict()
      .nullable(),
    files: z.array(
      z
        .object({
          path: z.string(),
          kind: z.enum(['owned', 'seeded']),
          action: z.enum(['created', 'updated', 'unchanged', 'merged', 'conflict', 'removed', 'skipped']),
        })
        .strict(),
    ),
    conflicts: z.array(
      z.object({ path: z.string(), hunks: z.array(z.object({ start: z.number().int(), end: z.number().int() }).strict()) }).strict(),
    ),
    dependencies: z
      .object({
        added: z.array(z.object({ name: z.string(), range: z.string(), dev: z.boolean() }).strict()),
        installed: z.boolean(),
        command: z.object({ argv: z.array(z.string()), cwd: z.string() }).strict().nullable(),
      })
      .strict(),
    wiring: z.object({ file: z.string(), action: z.enum(['added', 'unchanged', 'skipped', 'removed']) }).strict().nullable(),
    warnings: z.array(issue),
    errors: z.array(issue.extend({ hint: z.string() }).strict()),
    nextSteps: z.array(z.string()),
  })
  .strict();

export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReportSchema) as Record<string, unknown>;
}

export function emptyReport(command: string, dryRun: boolean): Report {
  return {
    schemaVersion: 1,
    ok: true,
    command,
    dryRun,
    detected: null,
    files: [],
    conflicts: [],
    dependencies: { added: [], installed: false, command: null },
    wiring: null,
    warnings: [],
    errors: [],
    nextSteps: [],
  };
}

/** The `detected` block: appRoot relative to the directory the CLI started in. */
export function detectedOf(facts: RepoFacts, startDir: string, relative: (from: string, to: string) => string): Report['detected'] {
  return {
    framework: facts.framework,
    appRoot: relative(startDir, facts.appRoot) || '.',
    entry: facts.entry,
    serverSite: facts.serverSite ? { file: facts.serverSite.file, line: facts.serverSite.line, kind: facts.serverSite.kind } : null,
    moduleSystem: facts.moduleSystem,
    typescript: facts.typescript,
    packageManager: facts.packageManager,
    ...(facts.yarnFlavor ? { yarnFlavor: facts.yarnFlavor } : {}),
    testRunner: facts.testRunner,
    existingWebSocket: facts.existingWebSocket,
  };
}

/** Human-readable summary (stdout when not --json). */
export function formatReport(report: Report): string {
  const lines: string[] = [];
  const d = report.detected;
  if (d) {
    lines.push(`Detected: ${d.framework ? `${d.framework.name}${d.framework.version ? ` ${d.framework.version}` : ''}` : 'no framework'}` +
      `, ${d.moduleSystem.toUpperCase()}, ${d.typescript ? `TypeScript ${d.typescript.version}` : 'JavaScript'}, ${d.packageManager}${d.yarnFlavor ? ` (${d.yarnFlavor})` : ''}, tests: ${d.testRunner}`);
    lines.push(`Server:   ${d.serverSite ? `${d.serverSite.file}:${d.serverSite.line} (${d.serverSite.kind})` : 'not found'}`);
    for (const ws of d.existingWebSocket) lines.push(`Existing WebSocket code: ${ws.library} at ${ws.file}:${ws.line}`);
  }
  if (report.files.length) {
    lines.push(report.dryRun ? 'Would write:' : 'Files:');
    for (const f of report.files) lines.push(`  ${f.action.padEnd(9)} ${f.path}${f.kind === 'seeded' ? '  (yours)' : ''}`);
  }
  if (report.wiring) lines.push(`Wiring:   ${report.wiring.action} in ${report.wiring.file}`);
  if (report.dependencies.added.length) {
    lines.push(`Dependencies: ${report.dependencies.added.map((dep) => `${dep.name}@${dep.range}${dep.dev ? ' (dev)' : ''}`).join(', ')}`);
  }
  for (const w of report.warnings) lines.push(`warning ${w.code}: ${w.message}`);
  for (const e of report.errors) lines.push(`error ${e.code}: ${e.message}\n  hint: ${e.hint}`);
  if (report.nextSteps.length) {
    lines.push('Next steps:');
    report.nextSteps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  }
  return lines.join('\n');
}
