/**
 * The pointer naming a moved data folder, on real folders: written whole (temporary file, flushed, renamed), so a
 * crash mid-write leaves only a temporary file that is never read; a torn, relative or foreign pointer is ignored and
 * the home folder stays in use; pointing back home removes it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDataFolderPointer } from '../../src/main/core/data-folder/pointer';
import {
  DATABASE_FILE,
  defaultDataDir,
  homeDataDir,
  MOVED_POINTER_FILE,
  movedDataDir,
  startupDataDir,
} from '../../src/main/core/paths';
import { desktopDataDir } from '../../src/main/electron/data-folder';
import { makeTempDir } from '../helpers/temp';

const temp = makeTempDir('vr-pointer-');
afterAll(() => temp.cleanup());
const env = { XDG_CONFIG_HOME: join(temp.dir, 'config') };
const home = homeDataDir(env, 'linux');
const pointer = join(home, MOVED_POINTER_FILE);

describe('the data folder pointer', () => {
  it('names the new folder once written, private, with no temporary file left', () => {
    const to = join(temp.dir, 'moved');
    expect(writeDataFolderPointer(home, to)).toBe(pointer);
    expect(JSON.parse(readFileSync(pointer, 'utf8'))).toMatchObject({ dataDir: to });
    expect(readdirSync(home)).toEqual([MOVED_POINTER_FILE]);
    if (process.platform !== 'win32') expect(statSync(pointer).mode & 0o777).toBe(0o600);
    expect(defaultDataDir(env, 'linux')).toBe(to);
  });

  it('keeps the folder in use when a crash left only the temporary file of a new pointer', () => {
    writeFileSync(`${pointer}.4242.partial`, JSON.stringify({ dataDir: join(temp.dir, 'half-moved') }));
    expect(defaultDataDir(env, 'linux')).toBe(join(temp.dir, 'moved'));
  });

  it('ignores a torn, relative or malformed pointer: the home folder is used', () => {
    for (const text of ['{"dataDir": "/somewh', '{"dataDir": "relative/path"}', '{"dataDir": 7}', '']) {
      writeFileSync(pointer, text);
      expect(movedDataDir(home)).toBeNull();
      expect(defaultDataDir(env, 'linux')).toBe(home);
    }
  });

  it('is removed when the data moves back home', () => {
    writeDataFolderPointer(home, join(temp.dir, 'moved'));
    writeDataFolderPointer(home, `${home}/`);
    expect(existsSync(pointer)).toBe(false);
    expect(defaultDataDir(env, 'linux')).toBe(home);
  });

  it('is not read when VALUERANK_DATA_DIR names the folder', () => {
    mkdirSync(home, { recursive: true });
    writeDataFolderPointer(home, join(temp.dir, 'moved'));
    expect(defaultDataDir({ ...env, VALUERANK_DATA_DIR: join(temp.dir, 'chosen') }, 'linux')).toBe(
      join(temp.dir, 'chosen'),
    );
  });

  it('refuses, at start, a moved folder that holds no data now, and opens it once the data is there', () => {
    const moved = join(temp.dir, 'drive', 'data');
    writeDataFolderPointer(home, moved);
    expect(defaultDataDir(env, 'linux')).toBe(moved);
    // An unmounted drive often leaves an empty mount point: an empty folder is as missing as no folder.
    for (const prepare of [() => undefined, () => mkdirSync(moved, { recursive: true })]) {
      prepare();
      expect(() => startupDataDir(env, 'linux')).toThrow(
        expect.objectContaining({ code: 'DATA_FOLDER_MISSING', details: { dataDir: moved, pointer } }),
      );
      expect(desktopDataDir(home)).toEqual({
        dir: home,
        missing: expect.objectContaining({ code: 'DATA_FOLDER_MISSING' }),
      });
    }
    writeFileSync(join(moved, DATABASE_FILE), '');
    expect(startupDataDir(env, 'linux')).toBe(moved);
    expect(desktopDataDir(home)).toEqual({ dir: moved, missing: null });
    // Never moved, or chosen by VALUERANK_DATA_DIR: nothing to check.
    writeDataFolderPointer(home, home);
    expect(startupDataDir(env, 'linux')).toBe(home);
    expect(desktopDataDir(home)).toEqual({ dir: home, missing: null });
    const chosen = join(temp.dir, 'chosen-empty');
    expect(startupDataDir({ ...env, VALUERANK_DATA_DIR: chosen }, 'linux')).toBe(chosen);
  });
});
