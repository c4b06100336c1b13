import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/schema.js';
import { emptyReport, formatReport, reportJsonSchema } from '../../src/report.js';
import { assertValidReport } from '../support/report-schema.js';

const published = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'));

describe('report', () => {
  it('publishes the current schemas', () => {
    expect(published('report.schema.json')).toEqual(reportJsonSchema());
    expect(published('config.schema.json')).toEqual(configJsonSchema());
  });

  it('accepts a full report and rejects a malformed one', () => {
    const report = emptyReport('init', false);
    report.detected = {
      framework: { name: 'express', version: '4.22.3' }, appRoot: '.', entry: 'src/index.ts',
      serverSite: { file: 'src/index.ts', line: 7, kind: 'listen' }, moduleSystem: 'cjs', typescript: { version: '5.9.3' },
      packageManager: 'npm', testRunner: 'node:test', existingWebSocket: [{ library: 'ws', file: 'src/legacy.ts', line: 3 }],
    };
    report.files.push({ path: 'src/ws/server.ts', kind: 'owned', action: 'created' });
    report.conflicts.push({ path: 'src/ws/rooms.ts', hunks: [{ start: 3, end: 9 }] });
    report.dependencies = { added: [{ name: 'ws', range: '^8.23.0', dev: false }], installed: false, command: { argv: ['npm', 'install'], cwd: '.' } };
    report.wiring = { file: 'src/index.ts', action: 'added' };
    report.warnings.push({ code: 'INSTALL_SKIPPED', message: 'x' });
    report.errors.push({ code: 'CONFLICT', message: 'x', hint: 'y' });
    report.nextSteps.push('run it');
    expect(() => assertValidReport(report)).not.toThrow();
    expect(() => assertValidReport({ ...report, files: [{ path: 'a', kind: 'owned', action: 'rewritten' }] })).toThrow(/action/);
    expect(() => assertValidReport({ ...report, extra: 1 })).toThrow(/additional/);
    const { nextSteps: _dropped, ...missing } = report;
    expect(() => assertValidReport(missing)).toThrow(/nextSteps/);
  });

  it('prints a readable summary', () => {
    const report = emptyReport('init', true);
    report.files.push({ path: 'src/ws/server.ts', kind: 'owned', action: 'created' });
    report.errors.push({ code: 'NO_SERVER_FOUND', message: 'No HTTP server found', hint: 'Pass --entry' });
    const text = formatReport(report);
    expect(text).toContain('Would write:');
    expect(text).toContain('created   src/ws/server.ts');
    expect(text).toContain('error NO_SERVER_FOUND: No HTTP server found\n  hint: Pass --entry');
  });
});
