// WebSocket stacks that take every upgrade of the http.Server they are given, so a second WebSocket
// server on the same http.Server never sees its own: `new WebSocketServer({ server, path })` (ws answers
// 400 to every other path; without `path` it takes them all), express-ws (a ws server on every upgrade) and
// @fastify/websocket (it routes every upgrade through Fastify, whose not-found handler answers 404 and whose
// onResponse hook then destroys the socket, before our handshake, which awaits the token check, completes).
// A text scan, like existing-ws.ts; the message says exactly what to change.
import type { UpgradeSwallower } from '../types.js';

const WS_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*)(['"])ws\1/;
const EXPRESS_WS_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*)(['"])express-ws\1/;
const FASTIFY_WS_IMPORT = /(?:\bimport\s+(?:\*\s+as\s+)?([\w$]+)\s+from\s*|\b(?:const|let|var)\s+([\w$]+)\s*=\s*require\s*\(\s*)(['"])@fastify\/websocket\3/;
/** An onRequest hook up to its `reply.hijack()` (the hook we suggest; the paths in it pass). */
const HIJACK_HOOK = /addHook\s*\(\s*(['"])onRequest\1[\s\S]*?\.hijack\s*\(\s*\)/g;
const SOCKET_IO_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*)(['"])socket\.io\1/;
/** `new WebSocketServer({ ... })`, `new WebSocket.Server({ ... })`, `new Server({ ... })`: the options object, one level of nesting. */
const NEW_WS_SERVER = /new\s+((?:[\w$]+\.)?(?:WebSocketServer|Server))\s*\(\s*(\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})/g;
const SERVER_OPTION = /(?:^|[{,\s])server\s*(?:[:,}]|$)/;
const PATH_OPTION = /(?:^|[{,\s])path\s*:\s*(['"`])([^'"`]*)\1/;

export function findUpgradeSwallowers(file: string, text: string): UpgradeSwallower[] {
  const out: UpgradeSwallower[] = [];
  if (WS_IMPORT.test(text)) {
    const socketIo = SOCKET_IO_IMPORT.test(text);
    for (const m of text.matchAll(NEW_WS_SERVER)) {
      const cls = m[1] ?? '';
      const options = m[2] ?? '';
      if (cls === 'Server' && socketIo) continue; // socket.io's Server, not ws's
      if (!SERVER_OPTION.test(options) || /\bnoServer\b/.test(options)) continue;
      const path = PATH_OPTION.exec(options)?.[2] ?? null;
      out.push({ library: 'ws', file, line: lineAt(text, m.index ?? 0), text: `${oneLine(m[0])})`, path });
    }
  }
  const expressWs = EXPRESS_WS_IMPORT.exec(text);
  if (expressWs) out.push({ library: 'express-ws', file, line: lineAt(text, expressWs.index), text: oneLine(expressWs[0]), path: null });
  const fastifyWs = fastifyWebsocket(file, text);
  if (fastifyWs) out.push(fastifyWs);
  return out;
}

/** `app.register(websocket)` of an imported @fastify/websocket (else its import), with the paths a hijack hook lets pass. */
function fastifyWebsocket(file: string, text: string): UpgradeSwallower | null {
  const imported = FASTIFY_WS_IMPORT.exec(text);
  if (!imported) return null;
  const name = imported[1] ?? imported[2] ?? 'websocket';
  const register = new RegExp(`([\\w$]+)\\s*\\.\\s*register\\s*\\(\\s*${name.replace(/\$/g, '\\$')}\\b[^;\\n]*`).exec(text);
  const at = register ?? imported;
  const passes = [...text.matchAll(HIJACK_HOOK)].flatMap((hook) => [...hook[0].matchAll(/(['"`])(\/[^'"`\s]*)\1/g)].map((m) => m[2] ?? ''));
  return {
    library: '@fastify/websocket',
    file,
    line: lineAt(text, at.index),
    text: oneLine(at[0]),
    path: null,
    instance: register?.[1] ?? 'app',
    passes,
  };
}

/** The swallowers that still block `ourPath` (an @fastify/websocket whose hijack hook lets it pass does not). */
export function blockingSwallowers(found: readonly UpgradeSwallower[], ourPath: string): UpgradeSwallower[] {
  return found.filter((s) => !(s.library === '@fastify/websocket' && (s.passes ?? []).includes(ourPath)));
}

/** What init says besides the change to make: the way out that needs no change to the app. */
export const SWALLOWER_WAY_OUT = 'or pass --standalone to run the WebSocket server on its own port (WS_PORT)';

/** What the user must change, for the error message (one sentence per stack found). */
export function describeSwallowers(found: readonly UpgradeSwallower[], ourPath: string): string {
  return found
    .map((s) => {
      if (s.library === '@fastify/websocket') {
        const app = s.instance ?? 'app';
        return (
          `${s.file}:${s.line} registers @fastify/websocket (\`${s.text}\`), which routes every upgrade through Fastify: an upgrade on a path without a Fastify websocket route is answered 404 and its socket destroyed, so ${ourPath} would never reach ours. ` +
          `Hand ${ourPath} over to us with this hook, right after that register call: ` +
          `\`${app}.addHook('onRequest', async (request, reply) => { if (request.headers.upgrade?.toLowerCase() === 'websocket' && new URL(request.url, 'http://localhost').pathname === '${ourPath}') reply.hijack(); });\` ` +
          '(Fastify then leaves that upgrade alone; your websocket routes keep working), then run init again.'
        );
      }
      if (s.library === 'express-ws') {
        return `${s.file}:${s.line} uses express-ws, which runs a ws server on every upgrade of the http.Server, so ${ourPath} would never reach ours. Move those routes to a ws server created with { noServer: true } behind your own server.on('upgrade') listener that only takes their paths (as below for ws), then run init again.`;
      }
      const pathCheck = s.path === null ? '/* your path */' : `'${s.path}'`;
      return (
        `${s.file}:${s.line} creates \`${s.text}\`: a ws server given \`server\` answers every upgrade ${s.path === null ? 'on any path' : `that is not on ${s.path} with HTTP 400`}, so ${ourPath} would never reach ours. ` +
        `Change it to \`new WebSocketServer({ noServer: true })\` and route its own path yourself: ` +
        `\`server.on('upgrade', (req, socket, head) => { if (new URL(req.url ?? '/', 'http://localhost').pathname === ${pathCheck}) wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)); });\` ` +
        '(other paths are left to the other listeners), then run init again.'
      );
    })
    .join(' ');
}

function oneLine(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 100 ? `${one.slice(0, 97)}...` : one;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
