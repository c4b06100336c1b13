// A consumer project for the packed tarball whose package-lock.json is cut from the project's own: the
// tarball plus the closure of its runtime dependencies, each entry as our lockfile has it (version and
// integrity). `npm ci --offline` then installs from the npm cache that the project's `npm ci` filled.
// Without a lockfile, `npm install --offline <tarball>` must resolve ranges from package documents, which
// `npm ci` never fetches: on a fresh machine it fails with ENOTCACHED.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Where Node would find `name` from the package at `from` ('' = the root): nested first, then up. */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return null;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

export function writeConsumerProject(dir: string, tarball: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages = lock.packages;
  const own = packages['']!;
  const closure = new Map<string, LockEntry>();
  const queue: [string, string][] = Object.keys(own.dependencies ?? {}).map((name) => ['', name]);
  while (queue.length > 0) {
    const [from, name] = queue.shift()!;
    const at = locate(packages, from, name);
    if (at === null) {
      const parent = packages[from];
      if (parent?.optionalDependencies?.[name] !== undefined || parent?.peerDependencies?.[name] !== undefined) continue;
      throw new Error(`package-lock.json: ${name}, needed by ${from || 'the project'}, has no entry`);
    }
    if (closure.has(at)) continue;
    // Dev flags describe the project, not a consumer, for whom these are runtime dependencies.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[at]!;
    closure.set(at, entry);
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) queue.push([at, dep]);
  }
  const spec = `file:${path.relative(dir, tarball).split(path.sep).join('/')}`;
  const root = { name: 'pack-consumer', version: '1.0.0', dependencies: { 'create-ws-server': spec } };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ ...root, private: true }, null, 2)}\n`);
  const consumerLock = {
    name: root.name,
    version: root.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': root,
      'node_modules/create-ws-server': {
        version: own.version,
        resolved: spec,
        license: own.license,
        dependencies: own.dependencies,
        bin: own.bin,
        engines: own.engines,
      },
      ...Object.fromEntries([...closure].sort(([a], [b]) => (a < b ? -1 : 1))),
    },
  };
  fs.writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(consumerLock, null, 2)}\n`);
}
