// WebSocket stacks already in the app: imports of known libraries and `upgrade` listeners.
// A text scan (no parsing): one report per library per file, at its first occurrence.
import type { ExistingWebSocket } from '../types.js';

const LIBRARIES = ['ws', 'socket.io', '@fastify/websocket', 'express-ws', 'uWebSockets.js'];
const escaped = LIBRARIES.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
const LIBRARY_IMPORT = new RegExp(
  `(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\brequire\\s*\\(\\s*|\\bimport\\s+)(['"])(${escaped})\\1`,
  'g',
);
const UPGRADE_LISTENER = /\.(?:on|once|addListener|prependListener)\s*\(\s*(['"`])upgrade\1/;

/** The `library` reported for a raw `upgrade` listener. */
export const UPGRADE_LISTENER_LIBRARY = 'upgrade-listener';

/** Cheap test before the scan (`@fastify/websocket` contains none of the other words). */
export function mayHaveWebSocket(text: string): boolean {
  return /upgrade|ws|socket\.io|uWebSockets|@fastify\/websocket/.test(text);
}

export function scanExistingWebSocket(file: string, text: string): ExistingWebSocket[] {
  if (!mayHaveWebSocket(text)) return [];
  const found = new Map<string, number>(); // library -> offset of first occurrence
  for (const m of text.matchAll(LIBRARY_IMPORT)) {
    const library = m[2] ?? '';
    if (!found.has(library)) found.set(library, m.index ?? 0);
  }
  const upgrade = UPGRADE_LISTENER.exec(text);
  if (upgrade) found.set(UPGRADE_LISTENER_LIBRARY, upgrade.index);
  return [...found.entries()]
    .map(([library, offset]) => ({ library, file, line: lineAt(text, offset) }))
    .sort((a, b) => a.line - b.line || (a.library < b.library ? -1 : 1));
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
