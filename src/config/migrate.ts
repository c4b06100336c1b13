// Older ws-server.config.json versions, migrated on load to the current one. The migrated config is
// written back only when a command writes (generate/init); check/diff report it as a pending change.
//
// Version 0 (the 0.0.x previews) spelt three options differently:
//   { "version": 0, "wsPath": "/ws", "heartbeatMs": 30000, "adapter": "memory" | "redis", ... }
// Version 1 calls them "path", "limits.heartbeatMs" and "redis": true | false.
import { CliError } from '../errors.js';
import { CONFIG_FILE, CONFIG_VERSION } from './schema.js';

type Raw = Record<string, unknown>;

const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {
  0: fromVersion0,
};

export interface Migrated {
  raw: unknown;
  /** The version the file was written in, when it was older than the current one. */
  migratedFrom: number | null;
}

/** Brings a parsed config up to CONFIG_VERSION (a config without "version" is current). */
export function migrateConfig(raw: unknown): Migrated {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { raw, migratedFrom: null };
  const version = (raw as Raw).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version === CONFIG_VERSION) return { raw, migratedFrom: null };
  if (version > CONFIG_VERSION) {
    throw new CliError('CONFIG_INVALID', `${CONFIG_FILE}: field "version": found ${version}, but this create-ws-server reads versions up to ${CONFIG_VERSION}; it was written by a newer release.`,
      'Run the release that wrote it (npx --yes create-ws-server@latest), or set "version" back by hand.');
  }
  let current = raw as Raw;
  for (let v = version; v < CONFIG_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new CliError('CONFIG_INVALID', `${CONFIG_FILE}: field "version": expected a value from 0 to ${CONFIG_VERSION}, found ${version}.`);
    current = step(current);
  }
  return { raw: current, migratedFrom: version };
}

function fromVersion0(raw: Raw): Raw {
  const { wsPath, heartbeatMs, adapter, ...rest } = raw;
  const out: Raw = { ...rest, version: 1 };
  const both = (old: string, now: string): never => {
    throw new CliError('CONFIG_INVALID', `${CONFIG_FILE}: a version 0 config has both "${old}" and "${now}"; keep "${now}" and set "version": 1.`);
  };
  if (wsPath !== undefined) {
    if ('path' in rest) both('wsPath', 'path');
    out.path = wsPath;
  }
  if (heartbeatMs !== undefined) {
    const limits = rest.limits;
    if (limits !== null && typeof limits === 'object' && 'heartbeatMs' in limits) both('heartbeatMs', 'limits.heartbeatMs');
    out.limits = { ...(limits !== null && typeof limits === 'object' ? (limits as Raw) : {}), heartbeatMs };
  }
  if (adapter !== undefined) {
    if ('redis' in rest) both('adapter', 'redis');
    if (adapter !== 'memory' && adapter !== 'redis') {
      throw new CliError('CONFIG_INVALID', `${CONFIG_FILE}: field "adapter" (version 0): expected one of "memory", "redis", found ${JSON.stringify(adapter)}.`);
    }
    out.redis = adapter === 'redis';
  }
  return out;
}
