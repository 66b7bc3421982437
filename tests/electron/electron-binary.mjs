// Is Electron's own binary on this machine? Answered without downloading it: since Electron 42 requiring the
// electron package fetches the binary on first use, which a test run must never do behind your back.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary(root) {
  const require = createRequire(join(root, 'package.json'));
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile))
    return { path: null, why: `no ${pathFile} (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or never started)` };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const path = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(pkgDir, 'dist', relative);
  return existsSync(path) ? { path, why: null } : { path: null, why: `${path} is missing` };
}
