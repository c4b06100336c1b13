// Config = the existing ws-server.config.json (if any), updated by the flags given, with what is
// still open asked in a terminal or taken from the detected defaults.
import type { InitOptions } from '../options.js';
import type { Config, RepoFacts } from '../types.js';
import { validateConfig } from './load.js';

export type Ask = (question: { type: 'select' | 'confirm'; name: 'value'; message: string; choices?: { title: string; value: unknown }[]; initial?: number | boolean }) => Promise<unknown>;

export async function resolveConfig(facts: RepoFacts, flags: InitOptions, existing: Config | null, ask: Ask | null): Promise<Config> {
  const base: Record<string, unknown> = existing ? { ...existing } : {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) base[key] = value;
  };
  set('framework', flags.framework);
  set('entry', flags.entry);
  set('standalone', flags.standalone);
  set('path', flags.path);
  set('auth', flags.auth);
  set('redis', flags.redis);
  set('presets', flags.preset);
  set('out', flags.out);
  set('tests', flags.tests);

  // Only a first run asks; afterwards the config file is the answer.
  if (!existing && ask) {
    if (flags.auth === undefined) {
      base.auth = await ask({ type: 'select', name: 'value', message: 'Authenticate WebSocket handshakes with', choices: [
        { title: 'JWT (Authorization header, subprotocol or ?token=)', value: 'jwt' },
        { title: 'none (every connection is anonymous)', value: 'none' },
      ], initial: 0 });
    }
    if (flags.redis === undefined) {
      base.redis = await ask({ type: 'confirm', name: 'value', message: 'Join several instances through Redis pub/sub (needs REDIS_URL)?', initial: false });
    }
  }

  // Record what was detected, so `generate` later finds the same server without searching.
  if (facts.framework) base.framework = facts.framework.name;
  if (facts.serverSite) base.entry = facts.serverSite.file;
  return validateConfig(base);
}
