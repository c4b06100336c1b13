import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { compiledBy, defaultTestsDir } from '../../src/analyze/tests-dir.js';

const dirs: string[] = [];
function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tests-dir-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const SERVER = "import http from 'node:http';\nhttp.createServer((_q, s) => s.end()).listen(3000);\n";
const pkg = (build: string) => JSON.stringify({ name: 'app', scripts: { build }, devDependencies: { typescript: '5.9.3' } });

describe('defaultTestsDir', () => {
  it('tests/ws when the build compiles src only', async () => {
    const dir = repo({ 'package.json': pkg('tsc'), 'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' }, include: ['src'] }), 'src/index.ts': SERVER });
    expect(await defaultTestsDir(await analyze(dir, {}))).toBe('tests/ws');
  });

  it("test/ws when the build compiles every .ts and excludes only test/ (Nest's stock layout, whatever the framework)", async () => {
    const dir = repo({
      'package.json': pkg('tsc -p tsconfig.build.json'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: './dist' } }),
      'tsconfig.build.json': JSON.stringify({ extends: './tsconfig.json', exclude: ['node_modules', 'test', 'dist', '**/*spec.ts'] }),
      'src/main.ts': SERVER,
    });
    expect(await compiledBy(path.join(dir, 'tsconfig.build.json'), path.join(dir, 'tests/ws/ws.test.ts'))).toBe(true);
    expect(await compiledBy(path.join(dir, 'tsconfig.build.json'), path.join(dir, 'test/ws/ws.test.ts'))).toBe(false);
    expect(await defaultTestsDir(await analyze(dir, {}))).toBe('test/ws');
  });

  it('test/ws when the repo keeps its tests in test/', async () => {
    const dir = repo({ 'package.json': pkg('tsc'), 'tsconfig.json': JSON.stringify({ include: ['src'] }), 'src/index.ts': SERVER, 'test/app.test.ts': '' });
    expect(await defaultTestsDir(await analyze(dir, {}))).toBe('test/ws');
  });

  it('follows `nest build` to tsconfig.build.json, and a files-only config compiles nothing else', async () => {
    const dir = repo({
      'package.json': pkg('nest build'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: './dist' } }),
      'tsconfig.build.json': JSON.stringify({ extends: './tsconfig.json', exclude: ['node_modules', 'dist', 'tests'] }),
      'src/main.ts': SERVER,
      'test/app.test.ts': '', // the repo's tests live in test/, but this build compiles test/ and not tests/
      'files.json': JSON.stringify({ files: ['src/main.ts'] }),
    });
    expect(await defaultTestsDir(await analyze(dir, {}))).toBe('tests/ws');
    expect(await compiledBy(path.join(dir, 'files.json'), path.join(dir, 'tests/ws/ws.test.ts'))).toBe(false);
    expect(await compiledBy(path.join(dir, 'files.json'), path.join(dir, 'src/main.ts'))).toBe(true);
  });

  it('follows a package `extends` (node_modules/@tsconfig/x) with paths resolved against that package, and survives an extends loop', async () => {
    const dir = repo({
      'package.json': pkg('tsc'),
      'tsconfig.json': JSON.stringify({ extends: '@tsconfig/x/tsconfig.json', compilerOptions: { strict: true } }),
      // The base's include is relative to its own folder (node_modules/@tsconfig/x): it names the app's src/ only.
      'node_modules/@tsconfig/x/tsconfig.json': JSON.stringify({ include: ['../../../src'] }),
      'src/index.ts': SERVER,
      'loop-a.json': JSON.stringify({ extends: './loop-b.json' }),
      'loop-b.json': JSON.stringify({ extends: './loop-a.json', include: ['src'] }),
    });
    const tsconfig = path.join(dir, 'tsconfig.json');
    expect(await compiledBy(tsconfig, path.join(dir, 'src/index.ts'))).toBe(true);
    expect(await compiledBy(tsconfig, path.join(dir, 'tests/ws/ws.test.ts'))).toBe(false);
    expect(await compiledBy(path.join(dir, 'loop-a.json'), path.join(dir, 'src/index.ts'))).toBe(true);
    expect(await compiledBy(path.join(dir, 'loop-a.json'), path.join(dir, 'tests/ws/ws.test.ts'))).toBe(false);
  });
});
