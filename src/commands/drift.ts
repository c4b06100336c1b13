// diff and check: run generate in memory (a dry run) and say what it would write.
// Exit 4 (OUT_OF_DATE) when it would write anything, conflicts included; 0 when up to date.
import { apply } from '../apply/index.js';
import { MANIFEST_FILE, readManifest } from '../apply/manifest.js';
import { unifiedDiff } from '../apply/unified-diff.js';
import { CliError } from '../errors.js';
import type { GlobalOptions } from '../options.js';
import type { Report } from '../types.js';
import { applyOptions, formatterFor, prepare } from './prepare.js';
import { fillReport } from './scaffold.js';

export interface DriftOutput {
  /** The unified diff (diff only; '' when nothing would change). */
  diff: string;
}

export async function drift(command: 'diff' | 'check', global: GlobalOptions, report: Report, cliVersion: string): Promise<DriftOutput> {
  const prepared = await prepare(command, global, {}, report, cliVersion);
  if ((await readManifest(prepared.appRoot)) === null) {
    throw new CliError('MANIFEST_MISSING', `${MANIFEST_FILE} is missing, so there is no record of what was generated to compare with.`);
  }
  const format = await formatterFor(prepared.facts, report);
  const result = await apply(prepared.facts, prepared.config, prepared.plan, { ...applyOptions('generate', { ...global, dryRun: true }, cliVersion, prepared, format) });
  fillReport(report, prepared, result);
  // files[] lists what generate would do to each file; "unchanged" ones are noise here.
  report.files = result.files.filter((f) => f.action !== 'unchanged');

  const visible = result.writes.filter((w) => !w.bookkeeping);
  const diff = command === 'diff' ? visible.map((w) => unifiedDiff(w.path, w.before, w.after)).join('') : '';
  if (result.changed || result.conflicts.length) {
    const what = [
      ...visible.map((w) => w.path),
      ...result.conflicts.map((c) => `${c.path} (conflict)`),
      ...(result.writes.some((w) => w.bookkeeping) ? [`.ws-server/ (manifest: the config, CLI or templates changed)`] : []),
    ];
    report.errors.push({
      code: 'OUT_OF_DATE',
      message: `The repo differs from ${'ws-server.config.json'}: generate would change ${[...new Set(what)].join(', ')}.`,
      hint: new CliError('OUT_OF_DATE', '').hint,
    });
    report.nextSteps.push(command === 'check' ? 'Run `create-ws-server diff` to see the changes, then `create-ws-server generate`.' : 'Run `create-ws-server generate` to apply them.');
  }
  return { diff };
}
