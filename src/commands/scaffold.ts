// init and generate: prepare (analyze -> config -> plan) -> apply -> (install) -> report.
import path from 'node:path';
import { apply } from '../apply/index.js';
import type { ApplyResult } from '../apply/index.js';
import { installCommand, runInstall } from '../apply/install.js';
import type { WriterFs } from '../apply/atomic.js';
import { CliError } from '../errors.js';
import type { GlobalOptions, InitOptions } from '../options.js';
import type { Report, RepoFacts } from '../types.js';
import { warnIfDirty } from './git.js';
import { applyOptions, formatterFor, prepare } from './prepare.js';
import { warnIfTestsNotCollected } from './test-collection.js';
import type { Prepared } from './prepare.js';

export { ask } from './ask.js';

export async function scaffold(command: 'init' | 'generate', global: GlobalOptions, flags: InitOptions, report: Report, cliVersion: string, fs?: WriterFs): Promise<void> {
  const prepared = await prepare(command, global, flags, report, cliVersion);
  const { facts, config, plan } = prepared;
  await warnIfDirty(prepared.appRoot, report.warnings);
  const format = await formatterFor(facts, report);
  const result = await apply(facts, config, plan, { ...applyOptions(command, global, cliVersion, prepared, format), ...(fs ? { fs } : {}) });
  fillReport(report, prepared, result);

  report.nextSteps = [...plan.nextSteps];
  if (result.scriptsAdded.includes('test:ws')) {
    report.nextSteps.unshift(`Added the script "test:ws" (${plan.scripts['test:ws']}) to package.json${facts.testRunner === 'node:test' && facts.language === 'ts' ? '; tsx was added as a devDependency to run the TypeScript tests under node:test' : ''}.`);
  }
  await warnIfTestsNotCollected(facts, plan, report);
  await install(facts, global, report, result.dependencies.length > 0);
  if (result.conflicts.length) {
    report.nextSteps.unshift(`Resolve the conflicts in ${result.conflicts.map((c) => c.path).join(', ')} (between <<<<<<< yours and >>>>>>> generated), then run generate again; or rerun with --on-conflict ours|theirs.`);
    report.errors.push({
      code: 'CONFLICTS_LEFT',
      message: `${result.conflicts.length} file(s) have edits that conflict with the new render: ${result.conflicts.map((c) => c.path).join(', ')}.`,
      hint: new CliError('CONFLICTS_LEFT', '').hint,
    });
  }
}

/** The parts of the report every regenerating command fills the same way. */
export function fillReport(report: Report, prepared: Prepared, result: ApplyResult): void {
  report.files = result.files;
  report.conflicts = result.conflicts;
  report.wiring = result.wiring;
  report.warnings.push(...result.warnings);
  report.dependencies.added = result.dependencies;
  for (const ws of prepared.facts.existingWebSocket) {
    report.warnings.push({ code: 'EXISTING_WEBSOCKET', message: `${ws.library} is used at ${ws.file}:${ws.line}; our server only answers upgrades on ${prepared.config.path} and leaves the others alone.` });
  }
  if (prepared.facts.language === 'js') {
    report.warnings.push({ code: 'NO_TYPESCRIPT', message: 'No TypeScript in this app: the generated server is JavaScript.' });
  }
}

async function install(facts: RepoFacts, global: GlobalOptions, report: Report, needed: boolean): Promise<void> {
  const command = installCommand(facts.packageManager, path.relative(process.cwd(), facts.appRoot) || '.', facts.yarnFlavor);
  if (!needed) return;
  report.dependencies.command = command;
  if (!global.install || global.dryRun) {
    if (!global.install) report.warnings.push({ code: 'INSTALL_SKIPPED', message: 'Dependencies were recorded in package.json but not installed (--no-install).' });
    report.nextSteps.unshift(`Install the dependencies: ${command.argv.join(' ')}`);
    return;
  }
  try {
    await runInstall({ argv: command.argv, cwd: facts.appRoot });
    report.dependencies.installed = true;
  } catch (err) {
    throw new CliError('INSTALL_FAILED', `${command.argv.join(' ')} failed: ${(err as Error).message.split('\n')[0]}`);
  }
}
