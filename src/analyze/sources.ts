// One pass over the app's sources: each file is read once and tested for everything the
// text can tell cheaply (server prefilter, WebSocket stacks, relative imports). Only the
// texts of files that may start a server are kept, for parsing.
import path from 'node:path';
import type { ExistingWebSocket, UpgradeSwallower } from '../types.js';
import { isGeneratedFile, moduleKey, relativeImportKeys, SERVER_PREFILTER } from './candidates.js';
import { scanExistingWebSocket } from './existing-ws.js';
import { findUpgradeSwallowers } from './upgrade-swallowers.js';
import { readTextSync, toPosixRelative } from './fs-utils.js';

const MAX_PARSED_CHARS = 1_000_000; // larger files are bundles or generated code

export interface SourceScan {
  /** Texts of the files that pass the server prefilter (absolute path -> text), in scan order. */
  serverCandidates: Map<string, string>;
  /** WebSocket stacks found, sorted by file then line. */
  existingWebSocket: ExistingWebSocket[];
  /** WebSocket stacks that take every upgrade of their http.Server. */
  upgradeSwallowers: UpgradeSwallower[];
  /** Module key -> absolute paths of the files that import it. */
  importers: Map<string, Set<string>>;
  hasTsSources: boolean;
}

export function scanSources(appRoot: string, files: readonly string[]): SourceScan {
  const scan: SourceScan = { serverCandidates: new Map(), existingWebSocket: [], upgradeSwallowers: [], importers: new Map(), hasTsSources: false };
  for (const file of files) {
    const text = readTextSync(file);
    if (text === null || isGeneratedFile(text)) continue;
    if (/\.[cm]?tsx?$/.test(file)) scan.hasTsSources = true;
    const found = scanExistingWebSocket(toPosixRelative(appRoot, file), text);
    scan.existingWebSocket.push(...found);
    if (found.length > 0) scan.upgradeSwallowers.push(...findUpgradeSwallowers(toPosixRelative(appRoot, file), text));
    for (const key of relativeImportKeys(file, text)) {
      let set = scan.importers.get(key);
      if (!set) scan.importers.set(key, (set = new Set()));
      set.add(file);
    }
    if (text.length <= MAX_PARSED_CHARS && SERVER_PREFILTER.test(text)) scan.serverCandidates.set(file, text);
  }
  scan.existingWebSocket.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return scan;
}

/** Does any file other than `file` import it? */
export function isImported(scan: SourceScan, file: string): boolean {
  const importers = scan.importers.get(moduleKey(path.resolve(file)));
  return [...(importers ?? [])].some((f) => f !== file);
}
