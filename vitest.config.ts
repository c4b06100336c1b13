import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/fixtures/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // e2e files scaffold and compile whole apps: run files one at a time on a 2-core machine.
    fileParallelism: false,
  },
});
