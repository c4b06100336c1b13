// doctor: print what was detected; writes nothing.
import path from 'node:path';
import { analyze, analyzeWorkspaceRoot } from '../analyze/index.js';
import { explainSeveralServers } from '../analyze/several-servers.js';
import { blockingSwallowers, describeSwallowers, SWALLOWER_WAY_OUT } from '../analyze/upgrade-swallowers.js';
import { describeWorkspaceApps } from '../analyze/workspace.js';
import { loadConfig } from '../config/load.js';
import type { GlobalOptions, InitOptions } from '../options.js';
import { detectedOf } from '../report.js';
import type { Report } from '../types.js';

export async function doctor(global: GlobalOptions, flags: InitOptions, report: Report): Promise<void> {
  const appRoot = path.resolve(global.cwd);
  const config = await loadConfig(appRoot);
  const entry = flags.entry ?? config?.entry ?? undefined;
  const framework = flags.framework ?? config?.framework ?? undefined;
  const facts = await analyze(appRoot, { ...(entry ? { entry } : {}), ...(framework ? { framework } : {}) });
  report.detected = detectedOf(facts, process.cwd(), path.relative);
  // The stacks that would take our upgrades: init refuses to wire next to them; say so now, with the same change.
  const standalone = flags.standalone ?? config?.standalone ?? false;
  const ourPath = flags.path ?? config?.path ?? '/ws';
  const blocking = standalone ? [] : blockingSwallowers(facts.upgradeSwallowers ?? [], ourPath);
  const sites = facts.serverSites ?? [];
  if (!facts.serverSite && sites.length > 1) {
    const several = explainSeveralServers(sites);
    report.warnings.push({ code: 'SEVERAL_SERVERS', message: several.message });
    report.nextSteps.push(several.entries.length > 0 ? `Run init with --entry <file> naming the one the WebSocket server should attach to (${several.entries.join(', ')}).` : several.hint);
  } else if (!facts.serverSite && !entry && (await reportWorkspaceRoot(appRoot, report))) {
    // a workspace root: its apps were listed
  } else if (!facts.serverSite) {
    report.warnings.push({
      code: 'NO_SERVER_FOUND',
      message: `No HTTP server found (looked for listen() and createServer() calls in: ${facts.inspected.join(', ') || 'no candidate files'}).`,
    });
    report.nextSteps.push('Run init with --entry <file> naming the file that starts your HTTP server.');
  } else if (blocking.length === 0) {
    report.nextSteps.push(config ? 'Run create-ws-server generate after changing ws-server.config.json.' : 'Run create-ws-server init --yes --dry-run --json to see what would be written.');
  }
  if (blocking.length > 0) {
    report.nextSteps.push(`Make the change the UPGRADE_SWALLOWED warning names before running init (it refuses to wire until then), ${SWALLOWER_WAY_OUT}.`);
  }
  for (const ws of facts.existingWebSocket) {
    report.warnings.push({ code: 'EXISTING_WEBSOCKET', message: `${ws.library} is used at ${ws.file}:${ws.line}.` });
  }
  for (const swallower of blocking) {
    report.warnings.push({ code: 'UPGRADE_SWALLOWED', message: describeSwallowers([swallower], ourPath) });
  }
}

/** At a workspace root, list the apps that start a server (as init's MONOREPO_ROOT does); false when not a root. */
async function reportWorkspaceRoot(root: string, report: Report): Promise<boolean> {
  const workspace = await analyzeWorkspaceRoot(root);
  if (!workspace) return false;
  const { message, hint } = describeWorkspaceApps(workspace.apps, workspace.packages);
  report.warnings.push({ code: 'MONOREPO_ROOT', message });
  report.nextSteps.push(hint);
  for (const app of workspace.apps.filter((a) => a.site !== null)) {
    report.nextSteps.push(`Run create-ws-server doctor --cwd ${path.join(path.relative(process.cwd(), root), app.dir).split(path.sep).join('/')} for the details of ${app.dir}.`);
  }
  return true;
}
