/**
 * Test configuration, two projects: `node` (real SQLite, Python and loopback HTTP; browser e2e through browser mode)
 * and `renderer` (the renderer's data layer and helpers in happy-dom). Coverage gates 80% of lines, each on its own
 * files: src/main + src/shared, and the renderer's data layer (the read and mutation hooks, the domain hooks, the
 * stores, lib), here; the whole renderer (pages and components too), after this run, in scripts/renderer-coverage.mjs,
 * which adds the browser suite's Chromium coverage (tests/helpers/renderer-coverage.ts) to this run's json report.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@shared': resolve(__dirname, 'src/shared') };

export default defineConfig({
  resolve: { alias },
  test: {
    // Upper bounds for failure, never waits: a full run beside other builds or CPU burners (load 15-20 on 2 cores)
    // took over 60 s for a browser test that takes 10 s on a calm machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits on real work (Python, HTTP, the page's 5 s poll): its 1 s default fails a loaded machine.
    expect: { poll: { timeout: 30_000 } },
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/renderer/**'],
          // With --coverage: clears stale raw browser coverage, and the browser tests record the renderer's.
          globalSetup: ['tests/helpers/coverage-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'renderer', environment: 'happy-dom', include: ['tests/renderer/**/*.test.ts'] },
      },
    ],
    coverage: {
      provider: 'v8',
      // Every renderer file is listed (unloaded ones at 0%), so the whole-renderer gate counts what no test reaches.
      include: ['src/main/**/*.ts', 'src/shared/**/*.ts', 'src/renderer/src/**/*.{ts,tsx}'],
      // Only what needs the Electron runtime itself; the Electron shell's pure parts (window policy, safeStorage cipher) count.
      exclude: [
        'src/main/index.ts',
        'src/main/electron/drag.ts',
        // Applies RunMonitor's decisions through Electron's Notification/powerSaveBlocker (the decisions are tested).
        'src/main/electron/desktop-runs.ts',
        'src/main/core/db/migrations/**',
      ],
      // json (coverage-final.json): the statements scripts/renderer-coverage.mjs adds the browser suite's lines to.
      reporter: ['text-summary', 'json-summary', 'json'],
      thresholds: {
        'src/{main,shared}/**': { lines: 80 },
        'src/renderer/src/{hooks,data,stores,lib}/**': { lines: 80 },
      },
    },
  },
});
