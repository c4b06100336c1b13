import { describe, expect, it } from 'vitest';
import { closest, parseConfig, parseConfigFile, serializeConfig, validateConfig } from '../../src/config/load.js';
import { CliError } from '../../src/errors.js';

function errorOf(fn: () => unknown): CliError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error('expected a CliError');
}

describe('config', () => {
  it('fills every option with its default', () => {
    const config = validateConfig({});
    expect(config).toMatchObject({ version: 1, path: '/ws', auth: 'jwt', redis: false, out: 'src/ws', tests: 'tests/ws', presets: [], handlers: ['echo'] });
    expect(config.limits.heartbeatMs).toBe(30_000);
    expect(config.limits.maxPayload).toBeLessThanOrEqual(1_048_576);
    expect(config.limits.messageBurst).toBeGreaterThanOrEqual(100);
  });

  it('round-trips through its serialized form with $schema first', () => {
    const config = validateConfig({ path: '/live', redis: true });
    const text = serializeConfig(config);
    expect(text.startsWith('{\n  "$schema": "./.ws-server/schema.json",\n  "version": 1,')).toBe(true);
    expect(parseConfig(text)).toEqual(config);
  });

  it('names the field, the expectation and the value found', () => {
    const err = errorOf(() => parseConfig('{"redis": "yes"}'));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('field "redis": expected boolean, found "yes"');
    const nested = errorOf(() => parseConfig('{"limits": {"heartbeatMs": 5}}'));
    expect(nested.message).toContain('field "limits.heartbeatMs": expected a value >= 100, found 5');
    const enumErr = errorOf(() => parseConfig('{"auth": "basic"}'));
    expect(enumErr.message).toContain('field "auth": expected one of "jwt", "none", found "basic"');
  });

  it('suggests the key meant by an unknown one', () => {
    expect(errorOf(() => parseConfig('{"heartbeat": 1000}')).message).toContain('unknown key "heartbeat"');
    expect(errorOf(() => parseConfig('{"redsi": true}')).message).toContain('(did you mean "redis"?)');
    expect(errorOf(() => parseConfig('{"limits": {"maxPaylod": 10}}')).message).toContain('unknown key "limits.maxPaylod" (did you mean "maxPayload"?)');
    expect(closest('zzzzzz', ['redis', 'path'])).toBeNull();
  });

  it('reports bad JSON with line and column', () => {
    const err = errorOf(() => parseConfig('{\n  "path": "/ws",\n  "redis": tru\n}'));
    expect(err.message).toMatch(/line 3, column \d+/);
  });

  it('rejects paths that leave the app root', () => {
    expect(errorOf(() => parseConfig('{"out": "../elsewhere"}')).message).toContain('field "out"');
    expect(errorOf(() => parseConfig('{"out": "/abs"}')).message).toContain('field "out"');
  });
});

describe('config handlers', () => {
  it('accepts handler names the renderer can turn into files and identifiers', () => {
    expect(validateConfig({ handlers: ['echo', 'chat-message', 'typing_2'] }).handlers).toEqual(['echo', 'chat-message', 'typing_2']);
  });
  it('refuses built-in message types, bad names and duplicates', () => {
    expect(() => validateConfig({ handlers: ['publish'] })).toThrow(/field "handlers.0"/);
    expect(() => validateConfig({ handlers: ['Chat Message'] })).toThrow(/lower-case letters/);
    expect(() => validateConfig({ handlers: ['echo', 'echo'] })).toThrow(/without duplicates/);
  });
});

describe('config presets', () => {
  it('accepts the presets that exist, and refuses others and duplicates', () => {
    expect(validateConfig({ presets: ['chat'] }).presets).toEqual(['chat']);
    expect(() => validateConfig({ presets: ['bogus'] })).toThrow(/field "presets.0"/);
    expect(() => validateConfig({ presets: ['chat', 'chat'] })).toThrow(/without duplicates/);
  });
});

describe('config versions', () => {
  it('migrates a version 0 config (wsPath, heartbeatMs, adapter) to the current version', () => {
    const { config, migratedFrom } = parseConfigFile(JSON.stringify({ version: 0, wsPath: '/live', heartbeatMs: 5000, adapter: 'redis', auth: 'none' }));
    expect(migratedFrom).toBe(0);
    expect(config).toMatchObject({ version: 1, path: '/live', redis: true, auth: 'none' });
    expect(config.limits.heartbeatMs).toBe(5000);
    expect(config.limits.maxConnections).toBe(10_000);
    // Written back in the current format, it loads again without migrating.
    expect(parseConfigFile(serializeConfig(config))).toEqual({ config, migratedFrom: null });
  });

  it('names the field when a version 0 config is invalid or mixes old and new names', () => {
    expect(errorOf(() => parseConfig('{"version": 0, "adapter": "kafka"}')).message).toContain('field "adapter" (version 0): expected one of "memory", "redis", found "kafka"');
    expect(errorOf(() => parseConfig('{"version": 0, "wsPath": "/a", "path": "/b"}')).message).toContain('both "wsPath" and "path"');
    expect(errorOf(() => parseConfig('{"version": 0, "wsPath": "no-slash"}')).message).toContain('field "path"');
  });

  it('refuses a config written by a newer release, and an unknown old version', () => {
    expect(errorOf(() => parseConfig('{"version": 7}')).message).toContain('reads versions up to 1');
    expect(errorOf(() => parseConfig('{"version": -1}')).code).toBe('CONFIG_INVALID');
  });

  it('does not migrate a current config or one without a version', () => {
    expect(parseConfigFile('{"version": 1, "path": "/x"}').migratedFrom).toBeNull();
    expect(parseConfigFile('{"path": "/x"}').migratedFrom).toBeNull();
  });
});
