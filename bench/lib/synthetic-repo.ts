// A synthetic Express app of N TypeScript files: modules of router + service + model + types, all mounted
// from src/routes.ts, the server started in src/index.ts.
import fs from 'node:fs';
import path from 'node:path';

const FILES_PER_MODULE = 4;
/** package.json, tsconfig.json, src/index.ts, src/app.ts, src/routes.ts */
const FIXED_TS_FILES = 3;

export function writeSyntheticRepo(dir: string, tsFiles: number): void {
  const modules = Math.max(1, Math.floor((tsFiles - FIXED_TS_FILES) / FILES_PER_MODULE));
  fs.mkdirSync(path.join(dir, 'src', 'modules'), { recursive: true });
  const write = (rel: string, text: string) => fs.writeFileSync(path.join(dir, rel), text);
  write(
    'package.json',
    JSON.stringify(
      {
        name: `synthetic-${tsFiles}`,
        version: '1.0.0',
        private: true,
        type: 'module',
        main: 'dist/index.js',
        scripts: { build: 'tsc', start: 'node dist/index.js' },
        dependencies: { express: '5.3.0' },
        devDependencies: { '@types/express': '5.0.6', '@types/node': '20.19.43', typescript: '5.9.3' },
      },
      null,
      2,
    ) + '\n',
  );
  write(
    'tsconfig.json',
    JSON.stringify(
      { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'dist', rootDir: 'src', skipLibCheck: true }, include: ['src'] },
      null,
      2,
    ) + '\n',
  );
  write(
    'src/index.ts',
    `import http from 'node:http';\nimport { createApp } from './app.js';\n\nconst port = Number(process.env.PORT ?? 3000);\nconst server = http.createServer(createApp());\nserver.listen(port, () => console.log(\`listening on \${port}\`));\n`,
  );
  write(
    'src/app.ts',
    `import express from 'express';\nimport { mountRoutes } from './routes.js';\n\nexport function createApp(): express.Express {\n  const app = express();\n  app.use(express.json());\n  app.get('/health', (_req, res) => { res.json({ ok: true }); });\n  mountRoutes(app);\n  return app;\n}\n`,
  );
  const imports: string[] = [];
  const mounts: string[] = [];
  let written = FIXED_TS_FILES;
  for (let i = 0; i < modules; i++) {
    const name = `m${i}`;
    const rel = `src/modules/${name}`;
    fs.mkdirSync(path.join(dir, rel), { recursive: true });
    write(`${rel}/${name}.types.ts`, `export interface Item${i} {\n  id: string;\n  name: string;\n  price: number;\n  tags: string[];\n}\n\nexport type NewItem${i} = Omit<Item${i}, 'id'>;\n`);
    write(
      `${rel}/${name}.model.ts`,
      `import type { Item${i}, NewItem${i} } from './${name}.types.js';\n\nconst items = new Map<string, Item${i}>();\nlet next = 1;\n\nexport function insert(item: NewItem${i}): Item${i} {\n  const created = { ...item, id: String(next++) };\n  items.set(created.id, created);\n  return created;\n}\n\nexport function find(id: string): Item${i} | undefined {\n  return items.get(id);\n}\n\nexport function all(): Item${i}[] {\n  return [...items.values()];\n}\n`,
    );
    write(
      `${rel}/${name}.service.ts`,
      `import { all, find, insert } from './${name}.model.js';\nimport type { Item${i}, NewItem${i} } from './${name}.types.js';\n\nexport function list(tag?: string): Item${i}[] {\n  return tag === undefined ? all() : all().filter((item) => item.tags.includes(tag));\n}\n\nexport function get(id: string): Item${i} | undefined {\n  return find(id);\n}\n\nexport function create(input: NewItem${i}): Item${i} {\n  if (input.price < 0) throw new Error('price must be positive');\n  return insert(input);\n}\n`,
    );
    write(
      `${rel}/${name}.router.ts`,
      `import { Router } from 'express';\nimport { create, get, list } from './${name}.service.js';\n\nexport const ${name}Router = Router();\n\n${name}Router.get('/', (req, res) => {\n  res.json(list(typeof req.query.tag === 'string' ? req.query.tag : undefined));\n});\n\n${name}Router.get('/:id', (req, res) => {\n  const item = get(req.params.id);\n  if (item === undefined) res.status(404).json({ error: 'not found' });\n  else res.json(item);\n});\n\n${name}Router.post('/', (req, res) => {\n  res.status(201).json(create(req.body));\n});\n`,
    );
    imports.push(`import { ${name}Router } from './modules/${name}/${name}.router.js';`);
    mounts.push(`  app.use('/${name}', ${name}Router);`);
    written += FILES_PER_MODULE;
  }
  // Top up to exactly tsFiles with small utility modules.
  for (let u = 0; written < tsFiles; u++, written++) {
    write(`src/modules/util${u}.ts`, `export const util${u} = (value: string): string => value.trim().toLowerCase();\n`);
  }
  write('src/routes.ts', `import type { Express } from 'express';\n${imports.join('\n')}\n\nexport function mountRoutes(app: Express): void {\n${mounts.join('\n')}\n}\n`);
}
