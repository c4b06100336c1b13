// The read-only half every regenerating command shares: load the config (migrating an older
// version), analyze the app, resolve the config and plan. Nothing here writes.
import path from 'node:path';
import { analyze, analyzeWorkspaceRoot } from '../analyze/index.js';
import { defaultTestsDir } from '../analyze/tests-dir.js';
import { describeWorkspaceApps } from '../analyze/workspace.js';
import { explainNoServer } from '../analyze/no-server.js';
import { explainSeveralServers } from '../analyze/several-servers.js';
import { blockingSwallowers, describeSwallowers, SWALLOWER_WAY_OUT } from '../analyze/upgrade-swallowers.js';
import type { ApplyOptions } from '../apply/index.js';
import { loadFormatter } from '../apply/format.js';
import type { Formatter } from '../apply/format.js';
import { loadConfigFile } from '../config/load.js';
import { configJsonSchema, CONFIG_FILE, CONFIG_VERSION } from '../config/schema.js';
import { resolveConfig } from '../config/resolve.js';
import { CliError } from '../errors.js';
import { canPrompt } from '../options.js';
import type { GlobalOptions, InitOptions } from '../options.js';
import { plan as makePlan } from '../plan/index.js';
import { TEMPLATE_VERSION } from '../render/index.js';
import { detectedOf } from '../report.js';
import type { Config, Plan, Report, RepoFacts } from '../types.js';
import { ask } from './ask.js';

export type CommandName = 'init' | 'generate' | 'diff' | 'check' | 'remove' | 'doctor';

export interface Prepared {
  appRoot: string;
  facts: RepoFacts;
  config: Config;
  plan: Plan;
  /** The config on disk before this run (null: first init). */
  existing: Config | null;
}

export async function prepare(command: CommandName, global: GlobalOptions, flags: InitOptions, report: Report, cliVersion: string): Promise<Prepared> {
  const appRoot = path.resolve(global.cwd);
  const loaded = await loadConfigFile(appRoot);
  const existing = loaded?.config ?? null;
  if (command !== 'init' && !existing) {
    throw new CliError('CONFIG_NOT_FOUND', `No ${CONFIG_FILE} in ${appRoot}.`);
  }
  if (loaded?.migratedFrom !== null && loaded?.migratedFrom !== undefined) {
    const when = global.dryRun || command === 'diff' || command === 'check' ? 'generate will write it back' : 'it was written back';
    report.warnings.push({ code: 'CONFIG_MIGRATED', message: `${CONFIG_FILE} was in the version ${loaded.migratedFrom} format and was migrated to version ${CONFIG_VERSION} (${when}).` });
  }

  const entryHint = flags.entry ?? existing?.entry ?? undefined;
  const frameworkHint = flags.framework ?? existing?.framework ?? undefined;
  let facts = await analyze(appRoot, { ...(entryHint ? { entry: entryHint } : {}), ...(frameworkHint ? { framework: frameworkHint } : {}) });
  report.detected = detectedOf(facts, process.cwd(), path.relative);

  // Standalone: the WebSocket server listens on its own port (WS_PORT); no server site is needed.
  const standalone = flags.standalone ?? existing?.standalone ?? false;
  if (!standalone && !facts.serverSite && !entryHint) {
    const chosen = await chooseWorkspaceApp(appRoot, global);
    if (chosen) return prepare(command, { ...global, cwd: chosen }, flags, report, cliVersion);
  }
  if (!standalone && !facts.serverSite) facts = await askForEntry(facts, global, frameworkHint);
  const ourPath = flags.path ?? existing?.path ?? '/ws';
  const blocking = blockingSwallowers(facts.upgradeSwallowers ?? [], ourPath);
  if (!standalone && blocking.length > 0) {
    throw new CliError('DECISION_NEEDED', `Not wired: ${describeSwallowers(blocking, ourPath)}`,
      `Make that change and run init again, ${SWALLOWER_WAY_OUT}. Nothing was written.`);
  }
  report.detected = detectedOf(facts, process.cwd(), path.relative);

  // The tests folder defaults to where the repo keeps its tests and its build does not look (see tests-dir.ts).
  const tests = flags.tests ?? existing?.tests ?? (await defaultTestsDir(facts));
  const config = await resolveConfig(facts, { ...flags, tests }, existing, canPrompt(global) ? ask : null);
  return { appRoot, facts, config, plan: makePlan(facts, config, cliVersion), existing };
}

/** The app's formatter, with a warning when it is declared but not installed. */
export async function formatterFor(facts: RepoFacts, report: Report): Promise<Formatter | undefined> {
  const loaded = await loadFormatter(facts);
  if (loaded === null) return undefined;
  if ('missing' in loaded) {
    report.warnings.push({
      code: 'FORMATTER_MISSING',
      message: `The app uses ${loaded.missing} but it is not installed here; the generated files were not formatted. Install the app's dependencies and run generate again.`,
    });
    return undefined;
  }
  return loaded.format;
}

export function applyOptions(command: 'init' | 'generate', global: GlobalOptions, cliVersion: string, prepared: Prepared, format: Formatter | undefined): ApplyOptions {
  return {
    command,
    firstRun: command === 'init' && prepared.existing === null,
    dryRun: global.dryRun,
    force: global.force,
    onConflict: global.onConflict,
    cliVersion,
    templateVersion: TEMPLATE_VERSION,
    configJsonSchema: `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
    ...(format ? { format } : {}),
  };
}

/** At a workspace root that starts no server: ask which app (terminal) or fail with MONOREPO_ROOT listing them. */
async function chooseWorkspaceApp(root: string, global: GlobalOptions): Promise<string | null> {
  const workspace = await analyzeWorkspaceRoot(root);
  if (!workspace) return null;
  const { message, hint } = describeWorkspaceApps(workspace.apps, workspace.packages);
  const candidates = workspace.apps.filter((a) => a.site !== null);
  if (!canPrompt(global) || candidates.length === 0) throw new CliError('MONOREPO_ROOT', message, hint);
  const answer = await ask({ type: 'select', name: 'value', message: `${message} Add it to which app?`, choices: candidates.map((a) => ({ title: a.dir, value: a.dir })) });
  if (typeof answer !== 'string' || !answer) throw new CliError('MONOREPO_ROOT', message, hint);
  return path.join(root, answer);
}

/** No single server site: ask for the entry file (terminal), or fail naming --entry. */
async function askForEntry(facts: RepoFacts, global: GlobalOptions, framework: Config['framework'] | undefined): Promise<RepoFacts> {
  const sites = facts.serverSites ?? [];
  const several = sites.length > 1;
  const severalServers = several ? explainSeveralServers(sites) : null;
  const { message, hint } = severalServers ?? explainNoServer(facts);
  const entries = severalServers?.entries ?? [];
  const code = several ? 'DECISION_NEEDED' : 'NO_SERVER_FOUND';
  // Only files that start exactly one server can be chosen; with none of those there is nothing to ask.
  if (!canPrompt(global) || (several && entries.length === 0)) throw new CliError(code, message, hint);
  const answer = several
    ? await ask({ type: 'select', name: 'value', message: `${message} Attach to which one?`, choices: entries.map((file) => ({ title: file, value: file })) })
    : await ask({ type: 'text', name: 'value', message: `${message}\nWhich file starts your HTTP server? (relative path)` });
  if (typeof answer !== 'string' || !answer) throw new CliError(code, message, hint);
  const again = await analyze(facts.appRoot, { entry: answer, ...(framework ? { framework } : {}) });
  if (!again.serverSite) throw new CliError('NO_SERVER_FOUND', `No single listen() or createServer() call found in ${answer}.`, hint);
  return again;
}
