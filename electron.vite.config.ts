/** Build configuration for the three Electron bundles: main (Node), preload (sandboxed, one file), renderer (React). */
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

const shared = { '@shared': resolve(__dirname, 'src/shared') };

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    resolve: { alias: shared },
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The piscina export worker is its own file beside index.js; runner.ts looks for it by this name.
          'export-worker': resolve(__dirname, 'src/main/core/export/worker.ts'),
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
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
