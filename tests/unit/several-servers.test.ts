import { describe, expect, it } from 'vitest';
import { explainSeveralServers } from '../../src/analyze/several-servers.js';
import type { ServerSite } from '../../src/types.js';

const site = (file: string, line: number): ServerSite => ({ file, line, kind: 'listen', text: 'app.listen()' });

describe('explainSeveralServers', () => {
  it('one server per file: every file can be named with --entry', () => {
    const e = explainSeveralServers([site('src/a.ts', 3), site('src/b.ts', 9)]);
    expect(e.message).toBe('Found several HTTP servers: src/a.ts:3, src/b.ts:9.');
    expect(e.entries).toEqual(['src/a.ts', 'src/b.ts']);
    expect(e.hint).toBe('Pass --entry <file> naming the file that starts the HTTP server the WebSocket server should attach to (src/a.ts, src/b.ts).');
  });

  it('a file that starts several is not offered, and the message says why', () => {
    const e = explainSeveralServers([site('src/a.ts', 3), site('src/b.ts', 9), site('src/b.ts', 12)]);
    expect(e.entries).toEqual(['src/a.ts']);
    expect(e.message).toContain('src/b.ts starts 2 of them (lines 9, 12), so --entry src/b.ts cannot say which one.');
    expect(e.hint).toMatch(/^Pass --entry <file> .*\(src\/a\.ts\); for a server in src\/b\.ts, move the one .* into a file of its own/);
  });

  it('every server in one file: no --entry can choose; move one out, or --standalone', () => {
    const e = explainSeveralServers([site('src/index.ts', 5), site('src/index.ts', 6)]);
    expect(e.entries).toEqual([]);
    expect(e.hint).toContain('into a file of its own');
    expect(e.hint).toContain('--standalone');
    expect(e.hint).not.toMatch(/^Pass --entry/);
  });
});
