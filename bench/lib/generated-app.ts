// Scaffolds what a user gets: a fresh copy of a fixture app, `create-ws-server init` with the built CLI,
// a node_modules of links to what its package.json declares, compiled with the app's own TypeScript.
import fs from 'node:fs';
import path from 'node:path';
import { linkDeclaredDeps } from '../../tests/helpers/link.js';
import { benchEnv, exec } from './exec.js';
import { CLI, FIXTURE } from './paths.js';

export interface GeneratedApp {
  dir: string;
  /** The compiled module exporting attachWebSocketServer. */
  serverModule: string;
  redis: boolean;
  /** ws-server.config.json as init wrote it. */
  config: Record<string, unknown>;
  initMs: number;
  compileMs: number;
}

export async function scaffoldGeneratedApp(tmpRoot: string, redis: boolean): Promise<GeneratedApp> {
  if (!fs.existsSync(CLI)) throw new Error(`BENCH_NO_CLI: ${CLI} is missing; run \`npm run build\` first.`);
  const dir = path.join(tmpRoot, redis ? 'app-redis' : 'app');
  fs.cpSync(FIXTURE, dir, {
    recursive: true,
    filter: (from) => {
      const rel = path.relative(FIXTURE, from).split(path.sep);
      return !rel.includes('node_modules') && rel[0] !== 'dist';
    },
  });
  const args = [CLI, 'init', '--yes', '--no-install', '--json', '--cwd', dir, ...(redis ? ['--redis'] : [])];
  const init = await exec(process.execPath, args, { cwd: tmpRoot, env: benchEnv() });
  let report: { ok?: boolean } | null = null;
  try {
    report = JSON.parse(init.stdout) as { ok?: boolean };
  } catch {
    report = null;
  }
  if (init.code !== 0 || report?.ok !== true) {
    throw new Error(`BENCH_SCAFFOLD: create-ws-server init failed (exit ${init.code}):\n${init.stdout}\n${init.stderr}`);
  }
  linkDeclaredDeps(dir);
  const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const compile = await exec(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, env: benchEnv(), timeoutMs: 300_000 });
  if (compile.code !== 0) {
    throw new Error(`BENCH_COMPILE: the generated app does not compile:\n${compile.stdout}\n${compile.stderr}`);
  }
  const serverModule = path.join(dir, 'dist', 'ws', 'server.js');
  if (!fs.existsSync(serverModule)) throw new Error(`BENCH_COMPILE: ${serverModule} was not emitted`);
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'ws-server.config.json'), 'utf8')) as Record<string, unknown>;
  return { dir, serverModule, redis, config, initMs: init.ms, compileMs: compile.ms };
}
