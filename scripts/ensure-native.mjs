// Makes sure better-sqlite3's native module matches the runtime about to use it.
//   node      (npm test, npm run web/cli): node_modules/better-sqlite3 must load in this Node; rebuilt if not.
//   electron  (npm start/dev/dist): a second copy built for Electron's ABI in .native/electron/, loaded through
//             better-sqlite3's nativeBinding option, so the two builds never overwrite each other; `npm run dist`
//             ships this very file (electron-builder.yml: extraResources → native/, npmRebuild: false).
//   --binary  (npm start/dev): also makes sure Electron's own binary is there. Since Electron 42 the electron package
//             has no postinstall: it downloads the binary the first time it is required (index.js → install.js), so
//             this runs that same install.js up front, where a failure can be explained.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const target = process.argv[2];
const quiet = process.argv.includes('--quiet');
const say = (msg) => quiet || process.stderr.write(`[ensure-native] ${msg}\n`);

function nodeBuildLoads() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    encoding: 'utf8',
  });
  return {
    ok: probe.status === 0,
    why: probe.stderr.split('\n').find((l) => l.includes('Error')) ?? probe.stderr.trim(),
  };
}

function ensureNode() {
  const first = nodeBuildLoads();
  if (first.ok) return;
  say(
    `better-sqlite3 does not load in Node ${process.version} (${first.why}); rebuilding it for Node (about a minute)...`,
  );
  runNpm(['rebuild', 'better-sqlite3']);
  const second = nodeBuildLoads();
  if (!second.ok) throw new Error(`better-sqlite3 still does not load after a rebuild: ${second.why}`);
}

/**
 * Runs npm without spawning npm.cmd (current Node refuses to spawn .cmd/.bat files without a shell: EINVAL): npm's
 * own JavaScript entry runs in this Node. npm sets npm_execpath for scripts; else npm-cli.js is found beside Node.
 */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    join(dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  return candidates.find((c) => c && /npm-cli\.js$/.test(c) && existsSync(c));
}

function runNpm(args) {
  const cli = npmCli();
  if (cli) execFileSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  else execFileSync('npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
}

function nodeGypBin() {
  const candidates = [
    join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    process.env.npm_execpath
      ? join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
      : '',
  ];
  return candidates.find((c) => c && existsSync(c));
}

const RETARGETING = new Set(
  ['target', 'runtime', 'arch', 'target_arch', 'platform', 'disturl', 'dist_url', 'build_from_source', 'libc'].map(
    (name) => `npm_config_${name}`,
  ),
);

/** Electron >= 42 fetches its binary on first use; fetch it now (a no-op when present) to fail early and clearly. */
function ensureElectronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const installed = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, stdio: 'inherit' });
  if (installed.status !== 0) {
    throw new Error(
      'The Electron binary is not installed and could not be downloaded (no internet, or a proxy npm knows about ' +
        'but @electron/get does not: set ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY). Retry with internet access, ' +
        'or use "npm run web" for browser mode.',
    );
  }
}

function ensureElectron() {
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
  const outDir = join(root, '.native', 'electron');
  const stampFile = join(outDir, 'stamp.json');
  const stamp = `${electronVersion}/${sqliteVersion}/${process.platform}-${process.arch}`;
  if (
    existsSync(join(outDir, 'better_sqlite3.node')) &&
    existsSync(stampFile) &&
    JSON.parse(readFileSync(stampFile, 'utf8')).stamp === stamp
  )
    return;

  say(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} into .native/electron ...`);
  const work = join(root, '.native', 'build-electron');
  rmSync(work, { recursive: true, force: true });
  cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.startsWith(join(sqliteDir, 'build')) });
  // Only the settings that would retarget the build (set by npm for the Node build, or an .npmrc aimed at another
  // Electron) are dropped; proxy, registry and certificate settings stay so the download works behind a proxy.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (RETARGETING.has(key.toLowerCase())) delete env[key];
  const args = [
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--arch',
    process.arch,
    '--platform',
    process.platform,
  ];
  const prebuilt = spawnSync(process.execPath, [require.resolve('prebuild-install/bin.js'), ...args], {
    cwd: work,
    stdio: 'inherit',
    env,
  });
  if (prebuilt.status !== 0) {
    const gyp = nodeGypBin();
    if (!gyp) throw new Error('No prebuilt better-sqlite3 for this Electron and no node-gyp to build one.');
    say('no prebuilt binary: compiling from source against Electron headers ...');
    execFileSync(
      process.execPath,
      [
        gyp,
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${electronVersion}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      { cwd: work, stdio: 'inherit', env },
    );
  }
  mkdirSync(outDir, { recursive: true });
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), join(outDir, 'better_sqlite3.node'));
  writeFileSync(stampFile, JSON.stringify({ stamp }));
  rmSync(work, { recursive: true, force: true });
  say('done');
}

try {
  if (target === 'node') ensureNode();
  else if (target === 'electron') {
    ensureElectron();
    if (process.argv.includes('--binary')) ensureElectronBinary();
  } else throw new Error('usage: node scripts/ensure-native.mjs node|electron [--binary] [--quiet]');
} catch (error) {
  process.stderr.write(`[ensure-native] ${error.message}\n`);
  process.exit(1);
}
