/** The Electron end-to-end suite (npm run test:electron): its own config, so npm test never picks it up. */
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(__dirname, '..', '..', 'src/shared') } },
  test: {
    root: resolve(__dirname, '..', '..'),
    include: ['tests/electron/**/*.electron.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
