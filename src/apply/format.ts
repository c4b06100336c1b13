// Generated code goes through the app's OWN formatter (its installed Prettier or Biome, with its own
// settings) before it is compared, written or stored as a base, so that format-on-save never looks
// like a user edit. Line endings follow the repo unless the formatter's config says otherwise.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RepoFacts } from '../types.js';

/** Formats one generated file (path relative to the app root); resolves to the text to write. */
export type Formatter = (relPath: string, text: string) => Promise<string>;

export interface LoadedFormatter {
  name: 'prettier' | 'biome';
  version: string;
  format: Formatter;
}

interface PrettierApi {
  version: string;
  format(text: string, options: Record<string, unknown>): Promise<string>;
  resolveConfig(file: string, options?: { editorconfig?: boolean }): Promise<Record<string, unknown> | null>;
  getFileInfo(file: string, options?: { ignorePath?: string | string[] }): Promise<{ ignored: boolean; inferredParser: string | null }>;
}

/**
 * The app's formatter, loaded from the app's node_modules; null when the app has none. When the app
 * declares one that is not installed, `missing` says which (the caller warns and writes unformatted).
 */
export async function loadFormatter(facts: Pick<RepoFacts, 'appRoot' | 'formatter' | 'eol'>): Promise<LoadedFormatter | { missing: string } | null> {
  if (!facts.formatter) return null;
  const appRequire = createRequire(path.join(facts.appRoot, 'package.json'));
  if (facts.formatter === 'prettier') {
    let entry: string;
    try {
      entry = appRequire.resolve('prettier');
    } catch {
      return { missing: 'prettier' };
    }
    const mod = (await import(pathToFileURL(entry).href)) as PrettierApi & { default?: PrettierApi };
    const prettier = typeof mod.format === 'function' ? mod : mod.default!;
    return { name: 'prettier', version: prettier.version, format: prettierFormatter(prettier, facts.appRoot, facts.eol) };
  }
  const bin = path.join(facts.appRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'biome.cmd' : 'biome');
  if (!existsSync(bin)) return { missing: '@biomejs/biome' };
  return { name: 'biome', version: 'installed', format: biomeFormatter(bin, facts.appRoot) };
}

function prettierFormatter(prettier: PrettierApi, appRoot: string, eol: '\n' | '\r\n'): Formatter {
  const ignorePath = ['.prettierignore', '.gitignore'].map((f) => path.join(appRoot, f)).filter((f) => existsSync(f));
  return async (relPath, text) => {
    const file = path.join(appRoot, ...relPath.split('/'));
    const info = await prettier.getFileInfo(file, { ignorePath });
    if (info.ignored || !info.inferredParser) return text; // the app's Prettier would leave it alone too
    const options = (await prettier.resolveConfig(file, { editorconfig: true })) ?? {};
    return prettier.format(text, { endOfLine: eol === '\r\n' ? 'crlf' : 'lf', ...options, filepath: file });
  };
}

function biomeFormatter(bin: string, appRoot: string): Formatter {
  return (relPath, text) =>
    new Promise((resolve, reject) => {
      const child = execFile(bin, ['format', `--stdin-file-path=${relPath}`], { cwd: appRoot, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
        if (err) reject(new Error(`biome format ${relPath} failed: ${err.message.split('\n')[0]}`));
        else resolve(stdout);
      });
      child.stdin?.end(text);
    });
}
