// The HTTP framework, from dependency names. Several may be listed (Nest apps carry express
// through @nestjs/platform-express): the most specific one wins. node-http is decided later,
// from the server site, when no framework is a dependency.
import type { FrameworkName, PackageJsonFacts } from '../types.js';
import { installedVersion, versionFromRange } from './fs-utils.js';
import { declaredRange } from './package-json.js';

const FRAMEWORK_PACKAGES: ReadonlyArray<[FrameworkName, string]> = [
  ['nestjs', '@nestjs/core'],
  ['fastify', 'fastify'],
  ['koa', 'koa'],
  ['hono', 'hono'],
  ['express', 'express'],
];

export function frameworkPackage(name: FrameworkName): string | null {
  return FRAMEWORK_PACKAGES.find(([n]) => n === name)?.[1] ?? null;
}

/** The framework named by a dependency, if any. */
export function frameworkFromDependencies(pkg: PackageJsonFacts): FrameworkName | null {
  return FRAMEWORK_PACKAGES.find(([, dep]) => declaredRange(pkg, dep) !== undefined)?.[0] ?? null;
}

/**
 * The installed version of a package, else the declared range stripped (`^4.18.2` -> `4.18.2`),
 * else null. An installed copy whose major the declared range does not allow was found up the
 * tree (a parent project's node_modules), not installed for this app: the range wins then.
 */
export async function packageVersion(appRoot: string, pkg: PackageJsonFacts, name: string): Promise<string | null> {
  const range = declaredRange(pkg, name);
  const installed = await installedVersion(appRoot, name);
  if (installed && (range === undefined || rangeAllowsMajor(range, installed))) return installed;
  return versionFromRange(range) ?? installed;
}

/** Does any `||` alternative of `range` name the same major (same minor for 0.x) as `version`? Unparsable ranges allow all. */
export function rangeAllowsMajor(range: string, version: string): boolean {
  const key = (v: string): string => {
    const [major, minor] = v.split('.');
    return major === '0' ? `0.${minor ?? ''}` : (major ?? '');
  };
  const wanted = range
    .split('||')
    .map((part) => versionFromRange(part.trim()))
    .filter((v): v is string => v !== null);
  return wanted.length === 0 || wanted.some((v) => key(v) === key(version));
}

export async function frameworkVersion(appRoot: string, pkg: PackageJsonFacts, name: FrameworkName): Promise<string | null> {
  const dep = frameworkPackage(name);
  return dep ? packageVersion(appRoot, pkg, dep) : null;
}
