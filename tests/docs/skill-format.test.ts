// The skill's shape: SKILL.md's frontmatter (Agent Skills spec keys only), its length, the references it links,
// paths that exist with their exact case, no placeholders or absolute paths, the pinned version, the plugin
// marketplace entry.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { VERSION } from './support/doc-runner.js';
import { codeSpans, frontmatter, headingSlugs, linkTargets, readDoc, slug, withoutCodeBlocks } from './support/markdown.js';

const skill = readDoc('SKILL.md');
const { fields, body } = frontmatter(skill);
const referenceFiles = fs.readdirSync(path.join(ROOT, 'references')).sort();
const DOCS = ['SKILL.md', ...referenceFiles.map((f) => `references/${f}`)];

/** True when `rel` exists under ROOT with exactly this case in every segment. */
function existsExactCase(rel: string): boolean {
  let dir = ROOT;
  for (const part of rel.split('/').filter((p) => p !== '' && p !== '.')) {
    if (part === '..') return false;
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory() || !fs.readdirSync(dir).includes(part)) return false;
    dir = path.join(dir, part);
  }
  return true;
}

describe('SKILL.md frontmatter', () => {
  it('uses only the Agent Skills spec keys, with string metadata values', () => {
    expect(Object.keys(fields).filter((k) => !['name', 'description', 'license', 'compatibility', 'metadata'].includes(k))).toEqual([]);
    expect(typeof fields.name).toBe('string');
    expect(typeof fields.description).toBe('string');
    for (const key of ['license', 'compatibility']) if (key in fields) expect(typeof fields[key], key).toBe('string');
    if ('metadata' in fields) {
      expect(typeof fields.metadata).toBe('object');
      for (const value of Object.values(fields.metadata as Record<string, string>)) expect(typeof value).toBe('string');
    }
  });

  it('names the skill create-ws-server by the spec rules', () => {
    const name = fields.name as string;
    expect(name).toBe('create-ws-server');
    expect(name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).not.toMatch(/claude|anthropic/);
  });

  it('describes what it does, when to use it and its near misses, in the third person, in at most 500 characters', () => {
    const description = fields.description as string;
    expect(description.length).toBeLessThanOrEqual(500);
    expect(description).not.toMatch(/[<>]/);
    expect(description).not.toMatch(/\b(I|you|your|we|our)\b/i);
    expect(description).toMatch(/^Adds /);
    expect(description).toMatch(/Use when/);
    expect(description).toMatch(/WebSockets?/);
    expect(description).toMatch(/Not for /);
  });

  it('keeps version and author under metadata, never top-level; the version is package.json\'s', () => {
    expect(fields).not.toHaveProperty('version');
    expect(fields).not.toHaveProperty('author');
    expect((fields.metadata as Record<string, string>).version).toBe(VERSION);
  });
});

describe('SKILL.md body', () => {
  it('is at most 200 lines', () => {
    expect(body.trim().split('\n').length).toBeLessThanOrEqual(200);
  });

  it('pins create-ws-server at package.json\'s version everywhere it names a version (SKILL.md, README.md, references)', () => {
    const pins: string[] = [];
    for (const doc of [...DOCS, 'README.md']) {
      // `@<version>` is how the docs name the rule itself, not a pin.
      for (const m of readDoc(doc).matchAll(/create-ws-server@([^\s`'")<]+)/g)) pins.push(`${doc}: ${m[1]}`);
    }
    expect(pins.filter((p) => p.startsWith('SKILL.md')).length).toBeGreaterThanOrEqual(4);
    expect(pins.filter((p) => !p.endsWith(`: ${VERSION}`))).toEqual([]);
  });

  it('covers the default path, the checks, regeneration, conflicts, env vars, gotchas and the fallback', () => {
    for (const needle of [' doctor --json', ' init --yes --dry-run --json', ' init --yes --json', 'npm run test:ws', 'npx tsc --noEmit', ' generate --json', 'conflict', '--help', 'WS_JWT_SECRET', 'WS_JWKS_URL', 'REDIS_URL', '## Gotchas', 'templates/']) {
      expect(body, needle).toContain(needle);
    }
    for (const trap of ['before the protocol switch', 'Pin JWT algorithms', 'Never log tokens', 'subscriber connection', 'on `close` and on `error`', 'maxPayload', 'bufferedAmount', 'ESM']) {
      expect(body, trap).toContain(trap);
    }
  });

  it('links every reference file, saying when to read it', () => {
    const links = new Set(linkTargets(body).map((l) => l.target));
    for (const file of referenceFiles) {
      expect(links.has(`references/${file}`), `SKILL.md links references/${file}`).toBe(true);
      expect(body).toMatch(new RegExp(`- \\[references/${file.replace('.', '\\.')}\\]\\(references/${file.replace('.', '\\.')}\\): \\S`));
    }
  });
});

describe('references/', () => {
  it('holds the seven reference pages, one level deep, each a Markdown file', () => {
    for (const name of ['cli.md', 'config.md', 'errors.md', 'examples.md', 'implementation.md', 'protocol.md', 'scaling.md']) {
      expect(referenceFiles).toContain(name);
    }
    for (const file of referenceFiles) {
      expect(fs.statSync(path.join(ROOT, 'references', file)).isFile(), `references/${file} is a file, not a folder`).toBe(true);
      expect(file).toMatch(/\.md$/);
    }
  });

  it('gives every page over 100 lines a table of contents whose links reach its headings', () => {
    for (const file of referenceFiles) {
      const md = readDoc(`references/${file}`);
      if (md.split('\n').length <= 100) continue;
      const anchors = linkTargets(md).filter((l) => l.target.startsWith('#'));
      const slugs = headingSlugs(md);
      const h2 = withoutCodeBlocks(md).split('\n').filter((l) => l.startsWith('## ') && l !== '## Contents');
      expect(anchors.length, `references/${file} has a table of contents`).toBeGreaterThanOrEqual(h2.length);
      for (const h of h2) expect(anchors.map((a) => a.target), `${file}: contents link to "${h}"`).toContain(`#${slug(h.slice(3))}`);
      for (const a of anchors) expect(slugs.has(a.target.slice(1)), `${file}:${a.line} ${a.target}`).toBe(true);
    }
  });
});

describe('every document of the skill', () => {
  it('links only to files that exist with the exact case, and to anchors that exist', () => {
    const broken: string[] = [];
    for (const doc of [...DOCS, 'README.md']) {
      for (const { target, line } of linkTargets(readDoc(doc))) {
        if (/^[a-z]+:/.test(target)) continue; // a URL
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const rel = file === '' ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), file));
        if (!existsExactCase(rel)) broken.push(`${doc}:${line} ${target}`);
        else if (anchor && rel.endsWith('.md') && !headingSlugs(readDoc(rel)).has(anchor)) broken.push(`${doc}:${line} ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('names only skill paths (references/, templates/, schemas/) that exist with the exact case', () => {
    const missing: string[] = [];
    for (const doc of DOCS) {
      for (const span of codeSpans(withoutCodeBlocks(readDoc(doc)))) {
        const m = /^((?:references|templates|schemas)\/[\w./[\]-]*[\w\]])$/.exec(span);
        if (m && !m[1]!.includes('<') && !existsExactCase(m[1]!)) missing.push(`${doc}: ${span}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no placeholders such as {baseDir} and no absolute paths', () => {
    const bad: string[] = [];
    for (const doc of DOCS) {
      readDoc(doc)
        .split('\n')
        .forEach((line, i) => {
          if (/\{(?:baseDir|base_dir|skillDir|skill_dir|SKILL_DIR|rootDir)\}|\$\{?CLAUDE_[A-Z_]+\}?/.test(line)) bad.push(`${doc}:${i + 1} placeholder: ${line}`);
          if (/(?:^|[\s`'"(=])(?:\/(?:work|home|Users|tmp|root|usr|opt|var|etc|mnt)\/|~\/|[A-Z]:\\)/.test(line)) bad.push(`${doc}:${i + 1} absolute path: ${line}`);
        });
    }
    expect(bad).toEqual([]);
  });

  it('needs no file the skills installer drops (README.md, metadata.json, _*) among the files it links', () => {
    const dropped = (p: string) => p.split('/').some((s) => s === 'README.md' || s === 'metadata.json' || s.startsWith('_'));
    const links = DOCS.flatMap((doc) => linkTargets(readDoc(doc)).map((l) => `${doc}: ${l.target}`));
    expect(links.filter((l) => dropped(l.split(': ')[1]!))).toEqual([]);
    const templates = (fs.readdirSync(path.join(ROOT, 'templates'), { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/'));
    expect(templates.filter(dropped)).toEqual([]);
  });
});

describe('.claude-plugin/marketplace.json', () => {
  it('lists this repository as one plugin whose skill is the root SKILL.md, at package.json\'s version', () => {
    const market = JSON.parse(fs.readFileSync(path.join(ROOT, '.claude-plugin', 'marketplace.json'), 'utf8')) as {
      name: string;
      owner: { name: string };
      plugins: { name: string; source: string; version: string; skills: string[] }[];
    };
    expect(market.name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(market.owner.name.length).toBeGreaterThan(0);
    expect(market.plugins).toHaveLength(1);
    const [plugin] = market.plugins;
    expect(plugin!.name).toBe(fields.name);
    expect(plugin!.source).toBe('./');
    expect(plugin!.version).toBe(VERSION);
    for (const dir of plugin!.skills) {
      const skillFile = path.join(ROOT, dir, 'SKILL.md');
      expect(fs.existsSync(skillFile), skillFile).toBe(true);
      expect(frontmatter(fs.readFileSync(skillFile, 'utf8')).fields.name).toBe(plugin!.name);
    }
  });
});
