// All code in the references is real: every TypeScript block (whose first line names the file it is, e.g.
// `// src/ws/handlers/chat-message.ts`) is written into a scaffolded app and type-checked with the app's own
// strict tsconfig (Express 5, NodeNext, exactOptionalPropertyTypes). Handler files are listed in the config
// and regenerated first, so the generated handlers/registry.ts must import exactly what they export.
// Every JSON block parses; JSON reports validate against the report schema.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linkDeclaredDeps } from '../helpers/link.js';
import { ROOT } from '../helpers/paths.js';
import { describeRun, run } from '../helpers/proc.js';
import { cleanupTempDirs, copyFixture, INIT_ARGS, runCli } from '../helpers/scaffold.js';
import { assertValidReport } from '../support/report-schema.js';
import { codeBlocks, readDoc } from './support/markdown.js';

const docs = ['SKILL.md', ...fs.readdirSync(path.join(ROOT, 'references')).map((f) => `references/${f}`)];
const blocks = docs.flatMap((doc) => codeBlocks(readDoc(doc)).map((b) => ({ ...b, doc })));
const tsBlocks = blocks.filter((b) => b.lang === 'ts' || b.lang === 'typescript');

afterAll(() => cleanupTempDirs());

/** `// src/ws/handlers/x.ts` on the first line: where the block goes in the app. */
function fileOf(body: string): string | null {
  return /^\/\/ ((?:src|tests)\/[\w./-]+\.ts)$/.exec(body.split('\n')[0] ?? '')?.[1] ?? null;
}

describe('code in the references', () => {
  it('names, on its first line, the app file each TypeScript block is', () => {
    expect(tsBlocks.length).toBeGreaterThanOrEqual(6);
    for (const b of tsBlocks) expect(fileOf(b.body), `${b.doc}:${b.line}`).not.toBeNull();
    const files = tsBlocks.map((b) => fileOf(b.body));
    expect(new Set(files).size, 'each block is its own file').toBe(files.length);
  });

  it('has JSON blocks that parse, and JSON reports that match the report schema', () => {
    const json = blocks.filter((b) => b.lang === 'json');
    expect(json.length).toBeGreaterThanOrEqual(3);
    let reports = 0;
    for (const b of json) {
      const value = JSON.parse(b.body) as Record<string, unknown>;
      if ('schemaVersion' in value) {
        assertValidReport(value);
        reports++;
      }
    }
    expect(reports).toBeGreaterThanOrEqual(1);
  });

  it('type-checks inside a generated app, with the handlers registered by generate', { timeout: 300_000 }, async () => {
    const dir = copyFixture('express5-ts-esm');
    const init = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    expect(init.exitCode, describeRun(init.raw)).toBe(0);

    const configFile = path.join(dir, 'ws-server.config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { out: string; handlers: string[] };
    const handlerDir = `${config.out}/handlers/`;
    const handlerNames = tsBlocks
      .map((b) => fileOf(b.body)!)
      .filter((f) => f.startsWith(handlerDir) && f !== `${handlerDir}registry.ts`)
      .map((f) => path.posix.basename(f, '.ts'));
    expect(handlerNames.length).toBeGreaterThanOrEqual(2);
    config.handlers = [...new Set([...config.handlers, ...handlerNames])];
    fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    const generate = await runCli(['generate', '--yes', '--no-install', '--json', '--cwd', dir], { cwd: path.dirname(dir) });
    expect(generate.exitCode, describeRun(generate.raw)).toBe(0);

    for (const b of tsBlocks) {
      const file = path.join(dir, fileOf(b.body)!);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${b.body}\n`);
    }
    linkDeclaredDeps(dir);
    const tsc = await run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'], { cwd: dir, timeoutMs: 180_000 });
    expect(tsc.exitCode, describeRun(tsc)).toBe(0);
    const registry = fs.readFileSync(path.join(dir, handlerDir, 'registry.ts'), 'utf8');
    for (const name of handlerNames) expect(registry).toContain(`'./${name}.js'`);
  });
});
