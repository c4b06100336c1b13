// remove: unwire the entry, delete the generated files the user has not touched (edited ones stay,
// listed as skipped with KEPT_EDITED), then our bookkeeping, the config and the manifest last.
import path from 'node:path';
import { commit } from '../apply/index.js';
import type { PlannedWrite } from '../apply/index.js';
import type { WriterFs } from '../apply/atomic.js';
import { MANIFEST_FILE, SCHEMA_FILE, baseFile, readManifest, readText, sha256 } from '../apply/manifest.js';
import { hasConflictMarkers } from '../apply/merge.js';
import { CONFIG_FILE } from '../config/schema.js';
import { CliError } from '../errors.js';
import type { GlobalOptions } from '../options.js';
import type { Report } from '../types.js';
import { unwireAttach } from '../wire/index.js';
import { warnIfDirty } from './git.js';
import { prepare } from './prepare.js';

export async function remove(global: GlobalOptions, report: Report, cliVersion: string, fs?: WriterFs): Promise<void> {
  const { appRoot, plan, facts } = await prepare('remove', global, {}, report, cliVersion);
  const manifest = await readManifest(appRoot);
  if (manifest === null) {
    throw new CliError('MANIFEST_MISSING', `${MANIFEST_FILE} is missing, so there is no record of which files were generated and which are yours; nothing was removed.`,
      'Run `create-ws-server generate` first (it records the files), then remove; or delete the generated files by hand.');
  }
  await warnIfDirty(appRoot, report.warnings);
  const abs = (rel: string): string => path.join(appRoot, ...rel.split('/'));
  const writes: PlannedWrite[] = [];
  const del = async (rel: string, bookkeeping: boolean): Promise<void> => {
    const before = await readText(abs(rel));
    if (before !== null) writes.push({ path: rel, before, after: null, bookkeeping });
  };

  if (plan.wiring) {
    const text = await readText(abs(plan.wiring.file));
    if (text !== null) {
      const unwired = unwireAttach({ text, fileName: plan.wiring.file, importSpecifier: plan.wiring.importSpecifier, style: plan.wiring.style });
      if (unwired.action === 'skipped') {
        throw new CliError('WIRING_UNRECOGNIZED', `Could not unwire ${plan.wiring.file}: ${unwired.reason}. Nothing was removed.`,
          'Remove the attachWebSocketServer(...) call and its import by hand, then run remove again.');
      }
      if (unwired.action === 'removed') writes.push({ path: plan.wiring.file, before: text, after: unwired.text, bookkeeping: false });
      report.wiring = { file: plan.wiring.file, action: unwired.action === 'removed' ? 'removed' : 'unchanged' };
    }
  }

  for (const [rel, entry] of Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b))) {
    const current = await readText(abs(rel));
    if (current === null) continue;
    if (sha256(current) === entry.sha256 && !hasConflictMarkers(current)) {
      await del(rel, false);
      report.files.push({ path: rel, kind: entry.kind, action: 'removed' });
    } else {
      report.files.push({ path: rel, kind: entry.kind, action: 'skipped' });
      report.warnings.push({ code: 'KEPT_EDITED', message: `${rel} holds your edits and was kept; delete it yourself if you no longer need it.` });
    }
  }
  for (const rel of Object.keys(manifest.files)) await del(baseFile(rel), true);
  await del(SCHEMA_FILE, true);
  await del(CONFIG_FILE, true);
  await del(MANIFEST_FILE, true);

  if (!global.dryRun && writes.length > 0) await commit(writes, abs, appRoot, fs);
  const deps = ['ws', 'jose', 'ioredis', '@types/ws'].filter((d) => d in facts.packageJson.dependencies || d in facts.packageJson.devDependencies);
  if (deps.length) report.nextSteps.push(`package.json still declares ${deps.join(', ')} (and the "test:ws" script): remove them if nothing else uses them.`);
  if (report.files.some((f) => f.action === 'skipped')) report.nextSteps.push('Delete the kept files (listed as skipped) when you no longer need them.');
}
