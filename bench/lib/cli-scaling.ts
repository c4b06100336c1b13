// The CLI's cost as a repo grows: wall time, CPU time and peak RSS of `doctor --json` and
// `init --dry-run --json` on synthetic Express apps, next to a plain text scan of the same tree (the floor: Node
// start-up plus reading every file once). Each process is a fresh `node`, so start-up is in every figure. The
// sizes take turns run by run, so that a noisy spell of the machine falls on all of them alike.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchEnv, exec } from './exec.js';
import { CLI, script } from './paths.js';
import { range } from './stats.js';
import type { Range } from './stats.js';
import { writeSyntheticRepo } from './synthetic-repo.js';

export const TOOLS = ['scan', 'doctor', 'init'] as const;
export type Tool = (typeof TOOLS)[number];

export interface ToolRun {
  ms: number;
  /** The process's own CPU time (user + system). */
  cpuMs: number;
  rssBytes: number;
  code: number | null;
}

export interface CliScalingResult {
  repeats: number;
  sizes: { files: number; runs: Record<Tool, ToolRun[]>; ms: Record<Tool, Range>; cpuMs: Record<Tool, Range>; rssBytes: Record<Tool, Range> }[];
}

function argsFor(tool: Tool, repo: string): string[] {
  switch (tool) {
    case 'scan':
      return [script('cli/text-scan.mjs'), repo];
    case 'doctor':
      return [CLI, 'doctor', '--json', '--cwd', repo];
    case 'init':
      return [CLI, 'init', '--dry-run', '--yes', '--json', '--cwd', repo];
  }
}

async function runTool(tool: Tool, repo: string, rssFile: string): Promise<ToolRun> {
  fs.rmSync(rssFile, { force: true });
  const probe = pathToFileURL(script('cli/rss-probe.mjs')).href;
  const res = await exec(process.execPath, ['--import', probe, ...argsFor(tool, repo)], {
    cwd: path.dirname(repo),
    env: benchEnv({ BENCH_RSS_FILE: rssFile }),
    timeoutMs: 120_000,
  });
  if (res.code !== 0) {
    throw new Error(`BENCH_CLI: ${tool} on ${repo} exited with ${res.code}:\n${res.stdout.slice(0, 2000)}\n${res.stderr.slice(0, 2000)}`);
  }
  if (tool !== 'scan') {
    const report = JSON.parse(res.stdout) as { ok?: boolean; detected?: { framework?: { name?: string } | null } };
    if (report.ok !== true || report.detected?.framework?.name !== 'express') {
      throw new Error(`BENCH_CLI: ${tool} on ${repo} did not detect the Express app:\n${res.stdout.slice(0, 2000)}`);
    }
  }
  const usage = fs.existsSync(rssFile) ? (JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { rssBytes: number; cpuUs: number }) : null;
  return { ms: res.ms, cpuMs: usage ? usage.cpuUs / 1000 : NaN, rssBytes: usage?.rssBytes ?? NaN, code: res.code };
}

export async function cliScaling(tmpRoot: string, sizes: number[], repeats: number, log: (m: string) => void): Promise<CliScalingResult> {
  const rssFile = path.join(tmpRoot, 'rss.txt');
  const repos = sizes.map((files) => {
    const repo = path.join(tmpRoot, `repo-${files}`);
    writeSyntheticRepo(repo, files);
    return repo;
  });
  const runs = sizes.map((): Record<Tool, ToolRun[]> => ({ scan: [], doctor: [], init: [] }));
  // Warm the file system cache once, then take turns: size by size within a repeat, tool by tool within a size.
  for (const repo of repos) await runTool('scan', repo, rssFile);
  for (let i = 0; i < repeats; i++) {
    log(`CLI scaling: run ${i + 1}/${repeats} on ${sizes.join(', ')} TypeScript files`);
    for (const [s, repo] of repos.entries()) {
      for (const tool of TOOLS) runs[s]![tool].push(await runTool(tool, repo, rssFile));
    }
  }
  for (const repo of repos) fs.rmSync(repo, { recursive: true, force: true });
  return {
    repeats,
    sizes: sizes.map((files, s) => {
      const by = <K extends 'ms' | 'cpuMs' | 'rssBytes'>(k: K) =>
        Object.fromEntries(TOOLS.map((t) => [t, range(runs[s]![t].map((r) => r[k]))])) as Record<Tool, Range>;
      return { files, runs: runs[s]!, ms: by('ms'), cpuMs: by('cpuMs'), rssBytes: by('rssBytes') };
    }),
  };
}
