/**
 * An export set (a file and its side files: effects, scenarios, analysis scripts, manifest) appears whole or not at
 * all. Every file is written into a hidden staging folder beside the targets; only when all are written are they
 * renamed into place. A failure removes the staging folder; a failure while renaming puts back what was there before
 * (a researcher's existing file of the same name is only ever replaced by a complete new set).
 */
import { lstat, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsErrorToAppError } from '../util/fs-errors';

/**
 * The staging folder's name: `.valuerank-export.partial-<pid>-<ms>-<random>` (the random tail keeps two exports
 * started in the same millisecond apart); removed at start-up when its writer is gone.
 */
export const OWN_STAGE_NAME = /^\.valuerank-export\.partial-(\d+)-\d+(?:-[A-Za-z0-9]+)?$/;

export function stageDirFor(targetDir: string, pid = process.pid, now = Date.now()): string {
  return join(targetDir, `.valuerank-export.partial-${pid}-${now}`);
}

async function isRegularFile(path: string): Promise<boolean> {
  return lstat(path).then(
    (stat) => stat.isFile(),
    () => false,
  );
}

export class FileSet {
  private readonly names: string[] = [];

  private constructor(
    readonly targetDir: string,
    readonly stageDir: string,
    private readonly action: string,
  ) {}

  /** Creates the staging folder in `targetDir`; `action` words the error ("write the export"). */
  static async open(targetDir: string, action: string): Promise<FileSet> {
    try {
      // mkdtemp creates it 0700 with a unique tail.
      return new FileSet(targetDir, await mkdtemp(`${stageDirFor(targetDir)}-`), action);
    } catch (error) {
      throw fsErrorToAppError(error, action, targetDir);
    }
  }

  /** Where to write the file that is to land at `finalPath` (same name, in the staging folder); records it. */
  staged(finalPath: string): string {
    const name = basename(finalPath);
    if (!this.names.includes(name)) this.names.push(name);
    return join(this.stageDir, name);
  }

  /** Records a file a writer put in the staging folder (by its staged path). */
  add(stagedPath: string): void {
    if (dirname(stagedPath) !== this.stageDir) throw new Error(`not in the staging folder: ${stagedPath}`);
    this.staged(stagedPath);
  }

  async write(finalPath: string, content: string | Buffer, action = this.action): Promise<void> {
    try {
      await writeFile(this.staged(finalPath), content);
    } catch (error) {
      throw fsErrorToAppError(error, action, finalPath);
    }
  }

  /** Renames every file into place, in the order they were added; on any failure puts everything back and throws. */
  async commit(): Promise<string[]> {
    const stamp = `${process.pid}-${Date.now()}`;
    const moved: string[] = [];
    const backups: Array<{ target: string; backup: string }> = [];
    let current = '';
    try {
      for (const name of this.names) {
        current = join(this.targetDir, name);
        if (await isRegularFile(current)) {
          const backup = join(this.stageDir, `${name}.replaced-${stamp}`);
          await rename(current, backup);
          backups.push({ target: current, backup });
        }
        await rename(join(this.stageDir, name), current);
        moved.push(current);
      }
    } catch (error) {
      for (const path of moved) await rm(path, { force: true }).catch(() => undefined);
      for (const { target, backup } of backups) await rename(backup, target).catch(() => undefined);
      await this.abort();
      throw fsErrorToAppError(error, this.action, current);
    }
    await this.abort();
    return moved;
  }

  /** Removes the staging folder and whatever is in it. */
  async abort(): Promise<void> {
    await rm(this.stageDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Writes `files` as one set (see FileSet); returns their paths. */
export async function writeFileSet(
  files: Array<{ path: string; content: string | Buffer; action?: string }>,
  action: string,
): Promise<string[]> {
  const first = files[0];
  if (!first) return [];
  const set = await FileSet.open(dirname(first.path), action);
  try {
    for (const file of files) await set.write(file.path, file.content, file.action ?? action);
  } catch (error) {
    await set.abort();
    throw error;
  }
  return set.commit();
}
