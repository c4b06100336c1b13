// The only stage that writes. It first decides every file's fate against the manifest and the disk
// (nothing written yet), then writes everything at once, the manifest last; --dry-run stops after deciding.
import path from 'node:path';
import { CONFIG_FILE } from '../config/schema.js';
import { serializeConfig } from '../config/load.js';
import { CliError } from '../errors.js';
import type { Config, FileAction, Plan, PlannedFile, Report, RepoFacts } from '../types.js';
import { wireAttach } from '../wire/index.js';
import { writeAllAtomically } from './atomic.js';
import type { FileWrite } from './atomic.js';
import { MANIFEST_FILE, SCHEMA_FILE, baseFile, readBase, readManifest, readText, serializeManifest, sha256 } from './manifest.js';
import type { Manifest } from './manifest.js';
import { editPackageJson } from './package-json.js';

export interface ApplyOptions {
  command: 'init' | 'generate';
  dryRun: boolean;
  force: boolean;
  onConflict: 'markers' | 'ours' | 'theirs';
  cliVersion: string;
  templateVersion: string;
  configJsonSchema: string;
}

export type ApplyResult = Pick<Report, 'files' | 'conflicts' | 'wiring' | 'warnings'> & {
  dependencies: Plan['dependencies'];
  scriptsAdded: string[];
  /** Whether anything at all was (or, in a dry run, would be) written. */
  changed: boolean;
};

export async function apply(facts: RepoFacts, config: Config, plan: Plan, opts: ApplyOptions): Promise<ApplyResult> {
  const root = facts.appRoot;
  const abs = (rel: string): string => path.join(root, ...rel.split('/'));
  const manifest = await readManifest(root).catch((err: Error) => {
    throw new CliError('CONFIG_INVALID', `${MANIFEST_FILE} is corrupt (${err.message}).`, `Delete ${MANIFEST_FILE} and run generate again: files identical to the new render are adopted.`);
  });
  const result: ApplyResult = { files: [], conflicts: [], wiring: null, warnings: [], dependencies: [], scriptsAdded: [], changed: false };
  const writes: FileWrite[] = [];
  const next: Manifest = { manifestVersion: 1, cliVersion: opts.cliVersion, templateVersion: opts.templateVersion, files: {} };
  const write = (rel: string, content: string | null): void => void writes.push({ file: abs(rel), content });

  for (const file of plan.files) {
    const current = await readText(abs(file.path));
    const oldBase = file.kind === 'owned' ? await readBase(root, manifest, file.path) : null;
    const action = file.kind === 'seeded' ? decideSeeded(file, current) : decideOwned(file, current, oldBase, opts);
    result.files.push({ path: file.path, kind: file.kind, action });
    if (action === 'created' || action === 'updated') write(file.path, file.content);
    if (action === 'conflict') {
      result.conflicts.push({ path: file.path, hunks: [{ start: 1, end: Math.max(1, (current ?? '').split('\n').length) }] });
      result.warnings.push({ code: 'CONFLICT', message: `${file.path} was edited and differs from the new render; it was left as it is.` });
    }
    if (file.kind === 'seeded') {
      if (action === 'skipped') result.warnings.push({ code: 'SEEDED_KEPT', message: `${file.path} is yours and differs from the template; it was left as it is.` });
      next.files[file.path] = { kind: 'seeded', sha256: sha256(file.content) };
      continue;
    }
    // An owned file keeps the base it was generated from until the user's edit is resolved.
    const newBase = action === 'conflict' ? oldBase : file.content;
    if (newBase === null) continue; // not ours yet: no base to record
    next.files[file.path] = { kind: 'owned', sha256: sha256(newBase) };
    if (newBase !== oldBase) write(baseFile(file.path), newBase);
  }

  await removeStale(manifest, plan, abs, result, write);

  // package.json: declare what the generated code imports, and the test script.
  const pkgText = await readText(abs('package.json'));
  if (pkgText === null) throw new CliError('NO_PACKAGE_JSON', `No package.json in ${root}.`);
  const pkgEdit = editPackageJson(pkgText, plan.dependencies, plan.scripts);
  result.dependencies = pkgEdit.added;
  result.scriptsAdded = pkgEdit.scriptsAdded;
  if (pkgEdit.text !== pkgText) write('package.json', pkgEdit.text);

  if (plan.wiring) {
    const entryText = await readText(abs(plan.wiring.file));
    if (entryText === null) throw new CliError('ENTRY_NOT_FOUND', `The entry file ${plan.wiring.file} does not exist.`);
    const site = facts.serverSite!;
    const wired = wireAttach({ text: entryText, fileName: plan.wiring.file, site, importSpecifier: plan.wiring.importSpecifier, style: plan.wiring.style });
    if (wired.action === 'skipped') {
      throw new CliError('WIRING_UNRECOGNIZED', `Could not wire the WebSocket server into ${plan.wiring.file}: ${wired.reason}. Nothing was written.`);
    }
    if (wired.action === 'added') write(plan.wiring.file, wired.text);
    result.wiring = { file: plan.wiring.file, action: wired.action };
  }

  const configText = serializeConfig(config, facts.eol);
  if ((await readText(abs(CONFIG_FILE))) !== configText) write(CONFIG_FILE, configText);
  if ((await readText(abs(SCHEMA_FILE))) !== opts.configJsonSchema) write(SCHEMA_FILE, opts.configJsonSchema);

  result.changed = writes.length > 0;
  // The manifest goes last: if anything before it fails, the old one stays in force.
  const manifestText = serializeManifest(next);
  if (result.changed || (await readText(abs(MANIFEST_FILE))) !== manifestText) {
    writes.push({ file: abs(MANIFEST_FILE), content: manifestText });
    result.changed = true;
  }
  if (!opts.dryRun && result.changed) {
    try {
      await writeAllAtomically(writes);
    } catch (err) {
      throw new CliError('WRITE_FAILED', `Writing the generated files failed: ${(err as Error).message}`);
    }
  }
  return result;
}

function decideSeeded(file: PlannedFile, current: string | null): FileAction {
  if (current === null) return 'created';
  return current === file.content ? 'unchanged' : 'skipped';
}

function decideOwned(file: PlannedFile, current: string | null, base: string | null, opts: ApplyOptions): FileAction {
  if (current === null) return 'created';
  if (current === file.content) return 'unchanged';
  if (base !== null && current === base) return 'updated';
  if (base === null && opts.command === 'init' && !opts.force) {
    throw new CliError('PATH_TAKEN', `${file.path} already exists and was not generated by create-ws-server. Nothing was written.`,
      `Move it away, choose another directory with --out, or pass --force to replace it.`);
  }
  if (opts.force && base === null) return 'updated';
  // The user edited a generated file (or it has no recorded base): never overwrite it silently.
  return opts.onConflict === 'theirs' ? 'updated' : 'conflict';
}

/** Files we generated before that the plan no longer needs: delete them when untouched, keep them when edited. */
async function removeStale(
  manifest: Manifest | null, plan: Plan, abs: (rel: string) => string, result: ApplyResult, write: (rel: string, content: string | null) => void,
): Promise<void> {
  if (!manifest) return;
  const planned = new Set(plan.files.map((f) => f.path));
  for (const [rel, entry] of Object.entries(manifest.files)) {
    if (planned.has(rel)) continue;
    const current = await readText(abs(rel));
    if (current === null) continue;
    const untouched = sha256(current) === entry.sha256;
    if (untouched) {
      write(rel, null);
      write(baseFile(rel), null);
      result.files.push({ path: rel, kind: entry.kind, action: 'removed' });
    } else {
      result.files.push({ path: rel, kind: entry.kind, action: 'skipped' });
      result.warnings.push({ code: 'KEPT_EDITED', message: `${rel} is no longer needed but holds your edits; it was kept. Delete it yourself when you are done with it.` });
    }
  }
}
