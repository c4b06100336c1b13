// init and generate: analyze -> resolve config -> plan -> apply -> (install) -> report.
import path from 'node:path';
import prompts from 'prompts';
import { analyze } from '../analyze/index.js';
import { apply } from '../apply/index.js';
import { installCommand, runInstall } from '../apply/install.js';
import { loadConfig } from '../config/load.js';
import { configJsonSchema, CONFIG_FILE } from '../config/schema.js';
import { resolveConfig } from '../config/resolve.js';
import { CliError } from '../errors.js';
import { canPrompt } from '../options.js';
import type { GlobalOptions, InitOptions } from '../options.js';
import { plan as makePlan } from '../plan/index.js';
import { TEMPLATE_VERSION } from '../render/index.js';
import { detectedOf } from '../report.js';
import type { Config, Report, RepoFacts } from '../types.js';

const WIRED_FRAMEWORKS = new Set(['express', 'node-http']);

export async function scaffold(command: 'init' | 'generate', global: GlobalOptions, flags: InitOptions, report: Report, cliVersion: string): Promise<void> {
  const appRoot = path.resolve(global.cwd);
  const existing = await loadConfig(appRoot);
  if (command === 'generate' && !existing) {
    throw new CliError('CONFIG_NOT_FOUND', `No ${CONFIG_FILE} in ${appRoot}.`);
  }

  const entryHint = flags.entry ?? existing?.entry ?? undefined;
  const frameworkHint = flags.framework ?? existing?.framework ?? undefined;
  let facts = await analyze(appRoot, { ...(entryHint ? { entry: entryHint } : {}), ...(frameworkHint ? { framework: frameworkHint } : {}) });
  report.detected = detectedOf(facts, process.cwd(), path.relative);

  const standalone = flags.standalone ?? existing?.standalone ?? false;
  if (standalone) {
    throw new CliError('DECISION_NEEDED', '--standalone (a WebSocket server on its own port) is not available in this release yet.',
      'Pass --entry <file> naming the file that starts your HTTP server instead.');
  }
  if (facts.framework && !WIRED_FRAMEWORKS.has(facts.framework.name)) {
    throw new CliError('UNSUPPORTED_FRAMEWORK', `Detected ${facts.framework.name}, which this release cannot wire yet.`);
  }
  if (!facts.serverSite) facts = await askForEntry(facts, global, frameworkHint);
  report.detected = detectedOf(facts, process.cwd(), path.relative);

  const config = await resolveConfig(facts, flags, existing, canPrompt(global) ? ask : null);
  const plan = makePlan(facts, config, cliVersion);
  const result = await apply(facts, config, plan, {
    command,
    dryRun: global.dryRun,
    force: global.force,
    onConflict: global.onConflict,
    cliVersion,
    templateVersion: TEMPLATE_VERSION,
    configJsonSchema: `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
  });

  report.files = result.files;
  report.conflicts = result.conflicts;
  report.wiring = result.wiring;
  report.warnings.push(...result.warnings);
  for (const ws of facts.existingWebSocket) {
    report.warnings.push({ code: 'EXISTING_WEBSOCKET', message: `${ws.library} is used at ${ws.file}:${ws.line}; our server only answers upgrades on ${config.path} and leaves the others alone.` });
  }
  if (facts.language === 'js') {
    report.warnings.push({ code: 'NO_TYPESCRIPT', message: 'No TypeScript in this app: the generated server is JavaScript.' });
  }
  report.dependencies.added = result.dependencies;
  report.nextSteps = [...plan.nextSteps];
  if (result.scriptsAdded.includes('test:ws')) {
    report.nextSteps.unshift(`Added the script "test:ws" (${plan.scripts['test:ws']}) to package.json${facts.testRunner === 'node:test' && facts.language === 'ts' ? '; tsx was added as a devDependency to run the TypeScript tests under node:test' : ''}.`);
  }

  await install(facts, global, report, result.dependencies.length > 0);
  if (result.conflicts.length) {
    report.nextSteps.unshift(`Resolve the conflicts in ${result.conflicts.map((c) => c.path).join(', ')}, or rerun with --on-conflict theirs to take the new render.`);
  }
}

async function install(facts: RepoFacts, global: GlobalOptions, report: Report, needed: boolean): Promise<void> {
  const command = installCommand(facts.packageManager, path.relative(process.cwd(), facts.appRoot) || '.');
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

/** No single server site: ask for the entry file (terminal), or fail naming --entry. */
async function askForEntry(facts: RepoFacts, global: GlobalOptions, framework: Config['framework'] | undefined): Promise<RepoFacts> {
  const sites = facts.serverSites ?? [];
  const several = sites.length > 1;
  const message = several
    ? `Found several HTTP servers: ${sites.map((s) => `${s.file}:${s.line}`).join(', ')}.`
    : `No HTTP server found in ${facts.appRoot} (looked for listen() and createServer() calls in: ${facts.inspected.join(', ') || 'no candidate files'}).`;
  const code = several ? 'DECISION_NEEDED' : 'NO_SERVER_FOUND';
  const hint = 'Pass --entry <file> naming the file that starts the HTTP server the WebSocket server should attach to.';
  if (!canPrompt(global)) throw new CliError(code, message, hint);
  const answer = several
    ? await ask({ type: 'select', name: 'value', message: `${message} Attach to which one?`, choices: [...new Set(sites.map((s) => s.file))].map((file) => ({ title: file, value: file })) })
    : await ask({ type: 'text', name: 'value', message: `${message}\nWhich file starts your HTTP server? (relative path)` });
  if (typeof answer !== 'string' || !answer) throw new CliError(code, message, hint);
  const again = await analyze(facts.appRoot, { entry: answer, ...(framework ? { framework } : {}) });
  if (!again.serverSite) throw new CliError('NO_SERVER_FOUND', `No single listen() or createServer() call found in ${answer}.`, hint);
  return again;
}

/** One prompt; Ctrl-C aborts the whole run with nothing written. */
export async function ask(question: prompts.PromptObject<'value'>): Promise<unknown> {
  const answer = await prompts(question, { onCancel: () => { throw new CliError('USAGE', 'Cancelled; nothing was written.'); } });
  return answer.value;
}
