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

const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  return result.status ?? 1;
};

let status = run(process.execPath, [join(root, 'scripts', 'ensure-native.mjs'), 'electron']);
if (status === 0) status = run(bin('electron-vite'), ['build'], { VALUERANK_TEST_BUILD: '1' });
if (status === 0)
  status = run(bin('vitest'), ['run', '--config', join(root, 'tests', 'electron', 'vitest.config.ts')], {
    VALUERANK_ELECTRON_PATH: binary.path,
  });
// Leave out/ as npm start and npm run dist expect it: without the test hooks.
const rebuilt = run(bin('electron-vite'), ['build']);
process.exit(status || rebuilt);
