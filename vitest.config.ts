/**
 * Test configuration, two projects: `node` (real SQLite, Python and loopback HTTP; browser e2e through browser mode)
 * and `renderer` (the renderer's stores and helpers in happy-dom). Coverage gates src/main and src/shared only.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@shared': resolve(__dirname, 'src/shared') };

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits on real work (Python, HTTP, the page's 5 s poll): its 1 s default fails a loaded machine.
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/renderer/**'] },
      },
      {
        extends: true,
        test: { name: 'renderer', environment: 'happy-dom', include: ['tests/renderer/**/*.test.ts'] },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/main/**/*.ts', 'src/shared/**/*.ts'],
      // Only what needs the Electron runtime itself; the Electron shell's pure parts (window policy, safeStorage cipher) count.
      exclude: [
        'src/main/index.ts',
        'src/main/electron/drag.ts',
        // Applies RunMonitor's decisions through Electron's Notification/powerSaveBlocker (the decisions are tested).
        'src/main/electron/desktop-runs.ts',
        'src/main/core/db/migrations/**',
      ],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 80 },
    },
  },
});
