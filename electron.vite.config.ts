/** Build configuration for the three Electron bundles: main (Node), preload (sandboxed, one file), renderer (React). */
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The renderer's index.html carries a strict CSP (script-src 'self'). The Vite dev server (npm run dev) injects the
 * React plugin's inline preamble and talks HMR over a websocket, which that policy blocks (a blank window), so while
 * serving, and only then, the meta policy also allows inline scripts and websocket connections to the dev server.
 */
function devServerCsp(): Plugin {
  return {
    name: 'valuerank-dev-server-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
  };
}

const shared = { '@shared': resolve(__dirname, 'src/shared') };

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin({ exclude: ['zod', 'yaml', 'drizzle-orm', 'execa'] })],
    resolve: { alias: shared },
    // Test-only hooks (src/main/electron/test-hooks.ts) exist only in a build made for tests/electron.
    define: { __VALUERANK_TEST_BUILD__: JSON.stringify(process.env.VALUERANK_TEST_BUILD === '1') },
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The piscina export worker is its own file beside index.js; runner.ts looks for it by this name.
          'export-worker': resolve(__dirname, 'src/main/core/export/worker.ts'),
          // The analyses of large runs (dimension effects, agreement) run in this one; results/analysis-runner.ts.
          'analysis-worker': resolve(__dirname, 'src/main/core/results/analysis-worker.ts'),
          // Checkpoints of the write-ahead log while a batch's results are written; db/wal-checkpoints.ts.
          'checkpoint-worker': resolve(__dirname, 'src/main/core/db/checkpoint-worker.ts'),
          // Plain-Node entries for `npm run cli` and `npm run web`, started from the build (scripts/run-built.mjs).
          cli: resolve(__dirname, 'src/main/cli/main.ts'),
          web: resolve(__dirname, 'src/main/web/main.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: shared },
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { alias: shared },
    plugins: [react(), devServerCsp()],
    build: {
      // Source maps for the coverage gate (scripts/renderer-coverage.mjs maps the browser suite's V8 coverage of the
      // bundle back to src/renderer). 'hidden': no sourceMappingURL comment in the bundle, and electron-builder.yml
      // leaves every .map file out of the package.
      sourcemap: 'hidden',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
