import { builtinModules } from 'node:module';

export interface BareImport {
  pkg: string;
  specifier: string;
  typeOnly: boolean;
  line: number;
}

const BUILTINS = new Set(builtinModules);

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * The bare (package) imports of a TS/JS source: import ... from, export ... from, import(),
 * require(), side-effect imports. Node built-ins and relative paths are left out.
 */
export function bareImports(source: string): BareImport[] {
  const out: BareImport[] = [];
  const patterns: [RegExp, boolean][] = [
    [/\bimport\s+type\s+[^;'"]*?\sfrom\s*['"]([^'"]+)['"]/g, true],
    [/\bimport\s+(?!type\s)[^;'"]*?\sfrom\s*['"]([^'"]+)['"]/g, false],
    [/\bexport\s+type\s+[^;'"]*?\sfrom\s*['"]([^'"]+)['"]/g, true],
    [/\bexport\s+(?!type\s)[^;'"]*?\sfrom\s*['"]([^'"]+)['"]/g, false],
    [/\bimport\s*['"]([^'"]+)['"]/g, false],
    [/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, false],
    [/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, false],
  ];
  for (const [re, typeOnly] of patterns) {
    for (const m of source.matchAll(re)) {
      const spec = m[1]!;
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || BUILTINS.has(spec)) continue;
      const pkg = packageName(spec);
      if (BUILTINS.has(pkg)) continue;
      const line = source.slice(0, m.index).split('\n').length;
      out.push({ pkg, specifier: spec, typeOnly, line });
    }
  }
  return out;
}
