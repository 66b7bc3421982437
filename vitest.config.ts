/** Test configuration: Node tests on real SQLite, Python and loopback HTTP; browser e2e through browser mode. */
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits on real work (Python, HTTP, the page's 5 s poll): its 1 s default fails a loaded machine.
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['src/main/**/*.ts', 'src/shared/**/*.ts'],
      // Only what needs the Electron runtime itself; the Electron shell's pure parts (window policy, safeStorage cipher) count.
      exclude: ['src/main/index.ts', 'src/main/electron/drag.ts', 'src/main/core/db/migrations/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 80 },
    },
  },
});
