// npm run test:electron: the end-to-end suite against the real Electron app. Where Electron's binary is not
// installed it says so in one line and exits 0. Otherwise it builds the app with the test-only hooks compiled in
// (VALUERANK_TEST_BUILD=1), runs tests/electron with its own vitest config, and rebuilds out/ without the hooks.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = electronBinary(root);
if (!binary.path) {
  process.stdout.write(
    `test:electron skipped: the Electron binary is not installed (${binary.why}); run "npx install-electron" or "npm start" once with internet access.\n`,
  );
  process.exit(0);
}

// Every tool runs as a JS entry in this Node (no .cmd shims, no shell), so paths with spaces work on Windows too.
const node = (script, args, env = {}) =>
  spawnSync(process.execPath, [join(root, script), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  }).status ?? 1;
const electronVite = 'node_modules/electron-vite/bin/electron-vite.js';

let status = node('scripts/ensure-native.mjs', ['electron']);
if (status === 0) status = node(electronVite, ['build'], { VALUERANK_TEST_BUILD: '1' });
if (status === 0)
  status = node('node_modules/vitest/vitest.mjs', ['run', '--config', 'tests/electron/vitest.config.ts'], {
    VALUERANK_ELECTRON_PATH: binary.path,
  });
// Leave out/ as npm start and npm run dist expect it: without the test hooks.
const rebuilt = node(electronVite, ['build']);
process.exit(status || rebuilt);
