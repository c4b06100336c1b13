// Does the repo's own test runner pick up the generated tests? Only jest's config can leave them out (the
// test:ws script of vitest and node:test names the files or the folder itself).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { jestCollects, readJestConfig } from '../analyze/jest-config.js';
import type { Plan, RepoFacts, Report } from '../types.js';

export async function warnIfTestsNotCollected(facts: RepoFacts, plan: Plan, report: Report): Promise<void> {
  if (facts.testRunner !== 'jest') return;
  const tests = plan.files.filter((f) => /\.test\.[cm]?[jt]s$/.test(f.path)).map((f) => f.path);
  if (tests.length === 0) return;
  let rawPkg: Record<string, unknown> = {};
  try {
    rawPkg = JSON.parse(await fs.readFile(path.join(facts.appRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return; // prepare() already failed on a missing or invalid package.json
  }
  const cfg = await readJestConfig(facts.appRoot, rawPkg);
  if (!cfg) return;
  const dir = path.posix.dirname(tests[0]!);
  if (!cfg.readable) {
    report.warnings.push({
      code: 'TESTS_NOT_COLLECTED',
      message: `jest is configured in ${cfg.source} (code, not read): make sure its roots include "<rootDir>/${dir}" and its testMatch matches ${tests.join(', ')} (e.g. "**/*.test.ts"), or "npm run test:ws" finds no tests.`,
    });
    return;
  }
  const missed = tests.filter((t) => !jestCollects(cfg, path.join(facts.appRoot, t)));
  if (missed.length === 0) return;
  const fixes: string[] = [];
  const testsDir = path.join(facts.appRoot, dir);
  if (!cfg.roots.some((r) => !path.relative(r, testsDir).startsWith('..'))) fixes.push(`"${fromRootDir(cfg.rootDir, testsDir)}" to its roots`);
  const ext = path.extname(missed[0]!).slice(1);
  const patternMisses = missed.some((t) => !jestCollects({ ...cfg, roots: [path.parse(facts.appRoot).root] }, path.join(facts.appRoot, t)));
  if (!patternMisses) {
    // the roots alone leave them out
  } else if (cfg.testRegex.length > 0) fixes.push(`"/${dir.replace(/\//g, '\\/')}/.*\\.test\\.${ext}$" to its testRegex`);
  else fixes.push(`"${fromRootDir(cfg.rootDir, testsDir)}/**/*.test.${ext}" to its testMatch`);
  report.warnings.push({
    code: 'TESTS_NOT_COLLECTED',
    message: `The jest config in ${cfg.source} does not collect ${missed.join(', ')}: add ${fixes.join(' and ')}, or pass --tests with a folder it collects.`,
  });
}

function fromRootDir(rootDir: string, abs: string): string {
  const rel = path.relative(rootDir, abs).split(path.sep).join('/');
  return rel === '' ? '<rootDir>' : `<rootDir>/${rel}`;
}
