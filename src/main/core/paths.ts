/** Where things live on disk: the data directory (shared by Electron, browser mode and CLI), migrations, python/. */
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../../shared/errors';

export const PRODUCT_NAME = 'ValueRank Desktop';

/** The database's file name in a data folder. */
export const DATABASE_FILE = 'valuerank.sqlite';

/** The same folder Electron's app.getPath('userData') gives for this product name. */
export function defaultDataDir(
  env: Record<string, string | undefined> = process.env,
  platform = process.platform,
): string {
  if (env.VALUERANK_DATA_DIR) return resolve(env.VALUERANK_DATA_DIR);
  const home = homeDataDir(env, platform);
  return movedDataDir(home) ?? home;
}

/** Where the data folder is unless it was moved (the same folder Electron's app.getPath('userData') gives). */
export function homeDataDir(
  env: Record<string, string | undefined> = process.env,
  platform = process.platform,
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** The file in the home data folder that says where "Move data folder…" put the data. */
export const MOVED_POINTER_FILE = 'data-folder.json';

const pointerSchema = z.object({
  dataDir: z.string().refine((path) => isAbsolute(path) && !path.includes('\0'), 'an absolute path'),
});

/** The folder the data was moved to, from the pointer in `home` (null when it was never moved). */
export function movedDataDir(home: string): string | null {
  const pointer = join(home, MOVED_POINTER_FILE);
  if (!existsSync(pointer)) return null;
  // Written whole and renamed (data-folder/pointer.ts); anything else found here is ignored: the home folder is used.
  try {
    const parsed = pointerSchema.safeParse(JSON.parse(readFileSync(pointer, 'utf8')));
    return parsed.success ? parsed.data.dataDir : null;
  } catch {
    return null;
  }
}

/**
 * The folder a start without --data-dir opens (CLI, browser mode): as defaultDataDir, but a moved folder whose data is
 * gone (an unplugged drive, an unmounted share) is refused rather than silently started empty.
 */
export function startupDataDir(
  env: Record<string, string | undefined> = process.env,
  platform = process.platform,
): string {
  const dir = defaultDataDir(env, platform);
  if (!env.VALUERANK_DATA_DIR) assertMovedDataPresent(homeDataDir(env, platform), dir);
  return dir;
}

/**
 * Throws DATA_FOLDER_MISSING when `dir` is a moved data folder (not `home`) without a database in it: "Move data
 * folder…" always leaves one there, so its absence means the folder is not reachable now, and creating an empty one
 * would show the researcher an app without their data.
 */
export function assertMovedDataPresent(home: string, dir: string): void {
  if (resolve(home) === resolve(dir) || existsSync(join(dir, DATABASE_FILE))) return;
  const pointer = join(home, MOVED_POINTER_FILE);
  throw new AppError(
    'DATA_FOLDER_MISSING',
    `The data folder was moved to ${dir}, but no ValueRank data is there now (is that drive or share connected?). ` +
      `Nothing was created or changed. Connect it and start again; or, to go back to the data left in ${home}, ` +
      `delete ${pointer}.`,
    { dataDir: dir, pointer },
  );
}

/** The project root in development (the folder holding package.json), found from this module's location. */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (isOurPackage(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the ValueRank project root above ${from}`);
    dir = parent;
  }
}

function isOurPackage(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name === 'valuerank-desktop';
  } catch {
    return false;
  }
}

export interface ResourcePaths {
  migrationsDir: string;
  pythonDir: string;
  /** The shipped sample definitions; packaged apps keep them beside python/ (electron-builder's extraResources). */
  samplesDir?: string;
}

export function devResourcePaths(root = projectRoot()): ResourcePaths {
  return {
    migrationsDir: join(root, 'src', 'main', 'core', 'db', 'migrations'),
    pythonDir: join(root, 'python'),
    samplesDir: join(root, 'resources', 'definitions'),
  };
}

/** Where the sample definitions are: as given, or `definitions/` beside the packaged `python/`. */
export function samplesDirOf(resources: ResourcePaths): string {
  return resources.samplesDir ?? join(dirname(resources.pythonDir), 'definitions');
}

/**
 * Creates the data folder private to this user (0700: transcripts and keys are nobody else's business). A folder that
 * already exists keeps its mode: the person may have chosen to share it.
 */
export function ensurePrivateDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask; set it explicitly on the folder itself when this call created it.
  if (created !== undefined && process.platform !== 'win32') chmodSync(dir, 0o700);
}

/** True when this process may create and change files at `path` (a folder, or a file that exists). */
export function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

let cachedVersion: { name: string; version: string } | null = null;

/** The app's package name and version, read once; "unknown" if package.json cannot be found (never fails an export). */
export function appIdentity(): { name: string; version: string } {
  if (cachedVersion) return cachedVersion;
  try {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    cachedVersion = { name: pkg.name ?? 'valuerank-desktop', version: pkg.version ?? 'unknown' };
  } catch {
    cachedVersion = { name: 'valuerank-desktop', version: 'unknown' };
  }
  return cachedVersion;
}
