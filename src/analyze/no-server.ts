// The message for "no HTTP server to attach to": what was looked for, in which files, why this repo
// may have none (a fastify-cli plugin, a serverless handler), and the two ways on.
import type { RepoFacts } from '../types.js';

/** What the analysis recognises as "the server starts here", for the message. */
export const LOOKED_FOR = 'app.listen() (express, koa, fastify, NestJS), http(s).createServer(), Hono serve()';

const MAX_LISTED = 12;

export interface NoServerExplanation {
  message: string;
  hint: string;
}

export function explainNoServer(facts: Pick<RepoFacts, 'appRoot' | 'inspected' | 'packageJson' | 'framework'>): NoServerExplanation {
  const files = facts.inspected.length === 0
    ? 'no candidate files (no package.json main/start script, no src/{index,main,server,app}.*, no file that creates or starts a server)'
    : facts.inspected.slice(0, MAX_LISTED).join(', ') + (facts.inspected.length > MAX_LISTED ? ` and ${facts.inspected.length - MAX_LISTED} more` : '');
  const why = reasonForNoServer(facts);
  return {
    message: `No HTTP server found in ${facts.appRoot}: looked for ${LOOKED_FOR} in ${files}.${why ? ` ${why}` : ''}`,
    hint: 'Pass --standalone to run the WebSocket server on its own port (WS_PORT), or --entry <file> naming the file that starts your HTTP server.',
  };
}

function reasonForNoServer(facts: Pick<RepoFacts, 'packageJson' | 'framework'>): string | null {
  const pkg = facts.packageJson;
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const scripts = Object.values(pkg.scripts);
  if ('fastify-cli' in deps || scripts.some((s) => /\bfastify\s+start\b/.test(s))) {
    return 'This is a fastify-cli app: `fastify start` loads the plugin the repo exports and listens for it, so no file of yours holds the server. Either switch to a server file that builds the app and calls `await app.listen()` (then pass it with --entry), or use --standalone.';
  }
  if (['serverless', '@vendia/serverless-express', 'serverless-http', '@netlify/functions', '@vercel/node'].some((d) => d in deps)) {
    return 'This looks like a serverless app: functions are started per request and keep no server for a WebSocket to upgrade on; use --standalone on a host that runs long-lived processes.';
  }
  return null;
}
