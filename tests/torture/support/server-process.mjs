// Child process of the torture suite: runs the server generated into the scaffolded fixture app (its compiled
// dist/ws/server.js, as the app would) on 127.0.0.1, and answers the test over IPC: stats, heap after GC, logs,
// publish, revoke, close. Usage: node --expose-gc server-process.mjs <path to the built server.js>
// After `close` it lets go of IPC and must exit by itself: anything still open keeps it alive.

import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const serverModule = process.argv[2];
if (serverModule === undefined) throw new Error('usage: server-process.mjs <built server.js>');
const { attachWebSocketServer } = await import(pathToFileURL(serverModule).href);

const logs = [];
const log =
  (level) =>
  (message, ...details) => {
    logs.push([level, message, ...details.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)))].join(' '));
  };
const http = createServer((_req, res) => {
  res.writeHead(404).end();
});
const ws = attachWebSocketServer(http, {
  logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));

function heap() {
  for (let i = 0; i < 3; i += 1) globalThis.gc();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, rss: usage.rss };
}

/**
 * Publishes `count` messages of `size` characters, pausing `pauseMs` after every `burst` of them: heavy traffic
 * that readers which read can keep up with. Returns the peak of the process's Buffer memory meanwhile.
 */
async function blast({ channel, count, size, burst, pauseMs }) {
  const body = 'x'.repeat(size);
  let peak = 0;
  for (let seq = 0; seq < count; seq += 1) {
    await ws.publish(channel, { seq, body });
    if (seq % burst === burst - 1) {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  return { peakArrayBuffers: peak };
}

const commands = {
  stats: () => ws.getStats(),
  heap,
  logs: () => logs,
  clearLogs: () => {
    logs.length = 0;
    return null;
  },
  publish: ({ channel, payload }) => ws.publish(channel, payload).then(() => null),
  blast,
  revoke: ({ userId }) => ws.revoke(userId),
  metrics: async () => (await import('prom-client')).register.metrics(),
  /** Whether any client frame managed to write onto Object.prototype. */
  pollution: () => ({ prototypeKeys: Object.getOwnPropertyNames(Object.prototype).sort(), polluted: {}.polluted ?? null }),
  close: async () => {
    await ws.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(() => resolve()));
    return null;
  },
};

process.on('message', (request) => {
  const { id, command, args } = request;
  Promise.resolve()
    .then(() => commands[command](args ?? {}))
    .then(
      (result) => process.send({ id, ok: true, result }),
      (error) => process.send({ id, ok: false, error: String(error?.stack ?? error) }),
    )
    .then(() => {
      // Let go of the IPC channel: from here on only what the WebSocket server left open keeps the process alive.
      if (command === 'close') process.disconnect();
    });
});

process.send({ ready: true, port: http.address().port });
