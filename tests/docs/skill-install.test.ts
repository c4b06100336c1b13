// Install smoke test: the skills installer (skills@1.3.9, a devDependency, run offline with DO_NOT_TRACK=1)
// installs the contents of our packed tarball as a skill for Claude Code into an empty project. The installed
// folder must be named create-ws-server and hold SKILL.md, references/ and every template, byte for byte, and
// every link of SKILL.md must resolve inside it (the installer drops README.md, metadata.json and _* files).
// The tarball's contents are used, not the checkout: the installer copies the whole folder it is given.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/paths.js';
import { describeRun, expectSuccess, run } from '../helpers/proc.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/scaffold.js';
import { linkTargets } from './support/markdown.js';

const SKILLS_BIN = path.join(ROOT, 'node_modules', 'skills', 'bin', 'cli.mjs');
let installed = '';
let output = '';

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first`);
  const work = makeTempDir('skill-install');
  // --ignore-scripts: `npm run build` has built dist/ already; prepack would rebuild it under other test runs.
  const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, timeoutMs: 120_000 });
  expectSuccess(pack, 'npm pack');
  const tarball = fs.readdirSync(work).find((f) => f.endsWith('.tgz'));
  expect(tarball, `a tarball in ${work}`).toBeDefined();
  expectSuccess(await run('tar', ['-xzf', path.join(work, tarball!)], { cwd: work, timeoutMs: 60_000 }), 'tar -xzf');

  const project = path.join(work, 'project');
  const home = path.join(work, 'home');
  fs.mkdirSync(project);
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "skill-consumer", "version": "1.0.0", "private": true }\n');
  const add = await run(process.execPath, [SKILLS_BIN, 'add', path.join(work, 'package'), '-a', 'claude-code', '-y'], {
    cwd: project,
    env: { DO_NOT_TRACK: '1', HOME: home, npm_config_offline: 'true' },
    timeoutMs: 120_000,
  });
  expectSuccess(add, 'skills add');
  output = describeRun(add);
  // 1.3.9 lays the files in .agents/skills/<name> and links .claude/skills/<name> to them.
  const forClaude = path.join(project, '.claude', 'skills', 'create-ws-server');
  expect(fs.existsSync(forClaude), `${forClaude} exists\n${output}`).toBe(true);
  installed = fs.realpathSync(forClaude);
}, 300_000);

afterAll(() => cleanupTempDirs());

describe('the skill installed from the packed tarball', () => {
  it('is a folder named create-ws-server holding SKILL.md as we wrote it', () => {
    expect(path.basename(installed)).toBe('create-ws-server');
    expect(fs.readFileSync(path.join(installed, 'SKILL.md'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'SKILL.md'), 'utf8'));
  });

  it('holds every reference and every template, byte for byte', () => {
    for (const dir of ['references', 'templates']) {
      const ours = filesUnder(path.join(ROOT, dir));
      expect(ours.length).toBeGreaterThan(0);
      const theirs = fs.existsSync(path.join(installed, dir)) ? filesUnder(path.join(installed, dir)) : [];
      expect(ours.filter((f) => !theirs.includes(f)), `${dir}/ files missing from the installed skill\n${output}`).toEqual([]);
      for (const f of ours) expect(fs.readFileSync(path.join(installed, dir, f)).equals(fs.readFileSync(path.join(ROOT, dir, f))), `${dir}/${f}`).toBe(true);
    }
  });

  it('resolves every relative link of SKILL.md and the references inside the installed folder', () => {
    const docs = ['SKILL.md', ...filesUnder(path.join(installed, 'references')).map((f) => `references/${f}`)];
    const broken: string[] = [];
    for (const doc of docs) {
      for (const { target } of linkTargets(fs.readFileSync(path.join(installed, doc), 'utf8'))) {
        if (/^[a-z]+:/.test(target) || target.startsWith('#')) continue;
        const file = path.join(installed, path.dirname(doc), target.split('#')[0]!);
        if (!fs.existsSync(file)) broken.push(`${doc}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
