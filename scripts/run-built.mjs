// Starts `npm run cli` / `npm run web` from the built bundle in out/ and rebuilds it (electron-vite build) only when a
// source file is newer than the last build, so a second start costs a Node start, not a 10-20 s build.
//   node scripts/run-built.mjs cli|web [args…]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (entry !== 'cli' && entry !== 'web') {
  process.stderr.write('usage: node scripts/run-built.mjs cli|web [args…]\n');
  process.exit(64);
}
const bundle = join(root, 'out', 'main', `${entry}.js`);
const stamp = join(root, 'out', '.build-stamp');
const INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** The newest modification time under the build's inputs (a few hundred files: milliseconds). */
function newestInput(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const name of readdirSync(path)) newest = Math.max(newest, newestInput(join(path, name)));
  return newest;
}

function upToDate() {
  if (!existsSync(bundle) || !existsSync(stamp) || !existsSync(join(root, 'out', 'renderer', 'index.html')))
    return false;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.every((input) => newestInput(join(root, input)) <= built);
}

if (process.env.VALUERANK_SKIP_BUILD !== '1' && !upToDate()) {
  process.stderr.write('[run-built] sources changed since the last build: building (electron-vite build)…\n');
  const started = Date.now();
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
    process.stderr.write(`[run-built] the build failed (exit ${build.status}); see the messages above.\n`);
    process.exit(1);
  }
  // The stamp's time is the build's start: a file saved during the build counts as newer next time.
  writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
  utimesSync(stamp, started / 1000, started / 1000);
  process.stderr.write(`[run-built] built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

// better-sqlite3 must load in this Node (it loads here anyway, so checking costs nothing). If it does not, the
// ensure-native script rebuilds it and this command starts again in a fresh process.
function nativeLoads() {
  try {
    const Database = createRequire(join(root, 'package.json'))('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}
if (!nativeLoads()) {
  const fix = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-native.mjs'), 'node'], { stdio: 'inherit' });
  if (fix.status !== 0) process.exit(fix.status ?? 1);
  const again = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

// Same process, no second Node start: the bundle reads process.argv like `node out/main/<entry>.js args…` would.
process.argv = [process.argv[0], bundle, ...args];
await import(pathToFileURL(bundle).href);
