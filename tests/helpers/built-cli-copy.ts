/**
 * A copy of the built CLI laid out as an installed app would be (the bundle, its migrations, python/ and the runtime
 * packages the bundle leaves external), in a folder any user may read. A test that runs the CLI as another user
 * (root testing file modes as "nobody") then does not depend on where the checkout lives: a clone under /root or a
 * 0700 `mktemp -d` folder is out of that user's reach, the copy is not.
 */
import { builtinModules } from 'node:module';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BUILT = join(ROOT, 'out', 'main');
const BUILTINS = new Set(builtinModules);
/** Never loaded by the CLI bundle: only the Electron entry imports it. */
const NOT_FOR_THE_CLI = new Set(['electron']);
/** Sources and build intermediates of a native package (one with a binding.gyp): its compiled module is what runs. */
const NATIVE_SOURCE_DIRS = new Set(['deps', 'src', 'obj.target', '.deps']);

function bundleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return bundleFiles(path);
    return /\.(m?js|cjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The bare package names the built bundle imports at run time (what electron-vite left external). */
function externalPackages(): string[] {
  const names = new Set<string>();
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g;
  for (const file of bundleFiles(BUILT)) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const specifier = match[1]!;
      if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      if (!NOT_FOR_THE_CLI.has(name)) names.add(name);
    }
  }
  return [...names];
}

/** The packages and everything they depend on, as installed in the checkout's node_modules. */
function dependencyClosure(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const manifest = join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return; // an optional dependency not installed on this platform
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  roots.forEach(visit);
  return [...seen];
}

/** Makes every folder under `dir` (and `dir`) enterable and every file readable by anyone. */
function openToEveryone(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) openToEveryone(path);
    else if (entry.isFile()) chmodSync(path, statSync(path).mode | 0o444);
  }
}

/**
 * Copies the built CLI into `into` (which must not exist yet) and returns the path of its entry. Needs the bundle
 * `npm test` builds first (electron-vite build); says so when it is missing.
 */
export function copyBuiltCli(into: string): string {
  const entry = join(BUILT, 'cli.js');
  if (!existsSync(entry)) {
    throw new Error(`No built CLI at ${relative(ROOT, entry)}: run \`npx electron-vite build\` (npm test does) first`);
  }
  mkdirSync(into, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; type?: string };
  // projectRoot() finds the app by this package name; resources are then found beside it as in the checkout.
  writeFileSync(join(into, 'package.json'), JSON.stringify({ name: pkg.name, type: pkg.type, private: true }));
  cpSync(BUILT, join(into, 'out', 'main'), { recursive: true });
  for (const folder of ['src/main/core/db/migrations', 'python', 'resources/definitions']) {
    cpSync(join(ROOT, folder), join(into, folder), {
      recursive: true,
      filter: (source) => basename(source) !== '__pycache__',
    });
  }
  for (const name of dependencyClosure(externalPackages())) {
    const source = join(ROOT, 'node_modules', name);
    const native = existsSync(join(source, 'binding.gyp'));
    cpSync(source, join(into, 'node_modules', name), {
      recursive: true,
      dereference: true,
      filter: (path) => !native || !NATIVE_SOURCE_DIRS.has(basename(path)) || !statSync(path).isDirectory(),
    });
  }
  openToEveryone(into);
  // Every folder above the copy must be enterable too (a tmpdir is; say plainly when it is not).
  for (let dir = dirname(into); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) throw new Error(`${dir} is not enterable by other users: choose another`);
  }
  return join(into, 'out', 'main', 'cli.js');
}
