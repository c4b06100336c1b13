import { describe, expect, it } from 'vitest';
import { editPackageJson } from '../../src/apply/package-json.js';

const deps = [
  { name: 'ws', range: '^8.23.0', dev: false },
  { name: '@types/ws', range: '^8.18.2', dev: true },
];

describe('editPackageJson', () => {
  it('adds missing dependencies sorted, keeping indentation and line endings', () => {
    const text = '{\r\n    "name": "app",\r\n    "dependencies": {\r\n        "zod": "^4.0.0",\r\n        "express": "^4.22.0"\r\n    }\r\n}\r\n';
    const edit = editPackageJson(text, deps, { 'test:ws': 'node --test' });
    expect(edit.added.map((d) => d.name)).toEqual(['ws', '@types/ws']);
    expect(edit.scriptsAdded).toEqual(['test:ws']);
    expect(edit.text).toBe(
      '{\r\n    "name": "app",\r\n    "dependencies": {\r\n        "express": "^4.22.0",\r\n        "ws": "^8.23.0",\r\n        "zod": "^4.0.0"\r\n    },\r\n' +
        '    "devDependencies": {\r\n        "@types/ws": "^8.18.2"\r\n    },\r\n    "scripts": {\r\n        "test:ws": "node --test"\r\n    }\r\n}\r\n',
    );
  });

  it('keeps what the user declared, wherever they declared it, and their own scripts', () => {
    const text = '{\n  "devDependencies": { "ws": "8.0.0" },\n  "dependencies": { "@types/ws": "1" },\n  "scripts": { "test:ws": "mine" }\n}\n';
    const edit = editPackageJson(text, deps, { 'test:ws': 'node --test' });
    expect(edit.added).toEqual([]);
    expect(edit.scriptsAdded).toEqual([]);
    expect(edit.text).toBe(text);
  });
});

describe('editPackageJson: scripts we wrote before', () => {
  const text = (script: string): string => `{\n  "name": "app",\n  "scripts": {\n    "test:ws": ${JSON.stringify(script)}\n  }\n}\n`;
  it('updates a script still holding what we wrote last', () => {
    const edit = editPackageJson(text('node --test a.ts'), [], { 'test:ws': 'node --test a.ts b.ts' }, { 'test:ws': 'node --test a.ts' });
    expect(JSON.parse(edit.text).scripts['test:ws']).toBe('node --test a.ts b.ts');
  });
  it('keeps a script the user changed, and one we never wrote', () => {
    const mine = text('node --test a.ts --my-flag');
    expect(editPackageJson(mine, [], { 'test:ws': 'node --test a.ts b.ts' }, { 'test:ws': 'node --test a.ts' }).text).toBe(mine);
    expect(editPackageJson(text('node --test a.ts'), [], { 'test:ws': 'node --test a.ts b.ts' }).text).toBe(text('node --test a.ts'));
  });
});
