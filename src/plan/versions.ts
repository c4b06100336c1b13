// Version ranges of what generated code imports: the versions our tests run the generated code against
// (see package.json devDependencies). Bump both together; after bumping an @types range, run
// `node scripts/gen-types-for-typescript.mjs` (the pins for old TypeScript versions, see types-pins.ts).
export const dependencyRanges = {
  ws: '^8.23.0',
  jose: '^6.2.18',
  ioredis: '^5.11.1',
  '@types/ws': '^8.18.2',
  '@types/node': '^20.19.0',
  tsx: '^4.23.15',
  'ot-text-unicode': '^4.0.0',
  /** Only when jest's own range cannot be read (@jest/globals follows the app's jest range). */
  '@jest/globals': '^29.7.0',
} as const;
