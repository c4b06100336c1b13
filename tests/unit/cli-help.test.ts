// --help of every command is short, shows an example or two and lists its exit codes (runs the built CLI).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';

const help = (...args: string[]): string => execFileSync(process.execPath, [CLI, ...args, '--help'], { encoding: 'utf8', timeout: 30_000 });

describe('--help', () => {
  it('lists every command of the contract', () => {
    const top = help();
    for (const cmd of ['init', 'generate', 'diff', 'check', 'doctor', 'remove']) expect(top).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    expect(top).toContain('Exit codes:');
  });

  const exits: Record<string, string[]> = {
    init: ['0', '1', '2', '3'],
    generate: ['0', '1', '2', '3'],
    diff: ['0', '1', '2', '4'],
    check: ['0', '1', '2', '4'],
    remove: ['0', '1', '2'],
    doctor: ['0', '1', '2'],
  };
  for (const [cmd, codes] of Object.entries(exits)) {
    it(`${cmd} --help is short, has an example and lists exit codes ${codes.join(', ')}`, () => {
      const text = help(cmd);
      expect(text.split('\n').length).toBeLessThan(45);
      expect(text).toMatch(new RegExp(`\\$ create-ws-server ${cmd}\\b`));
      const line = text.split('\n').find((l) => l.startsWith('Exit codes:'));
      expect(line, text).toBeDefined();
      for (const code of codes) expect(line).toMatch(new RegExp(`(?:^Exit codes: |; )${code} `));
    });
  }
});
