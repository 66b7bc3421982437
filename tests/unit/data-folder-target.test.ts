/**
 * Where "Move data folder…" may copy to, on real temporary folders: the data folder itself however it is written
 * (trailing slash, `..`, a symlink, another letter case where the disk ignores case), a folder inside it, a file, a
 * non-empty folder, a folder this user cannot write, a disk without room; each refused with its sentence and nothing
 * created. A destination is created private, and a failed move removes only what it created.
 */
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkMoveTarget,
  createTarget,
  dataFolderBytes,
  MOVE_MARGIN_BYTES,
  relationTo,
} from '../../src/main/core/data-folder/target';
import { freeBytesAt } from '../../src/main/core/util/disk';
import { makeTempDir } from '../helpers/temp';
import { makeUnwritable } from '../helpers/unwritable';

const temp = makeTempDir('vr-target-');
afterAll(() => temp.cleanup());
const data = join(temp.dir, 'Data');
mkdirSync(data);
writeFileSync(join(data, 'valuerank.sqlite'), Buffer.alloc(3000));
mkdirSync(join(data, 'exports'));
writeFileSync(join(data, 'exports', 'a.csv'), Buffer.alloc(500));
const plenty = (): number => 1e15;
const check = (to: string, freeBytes: (dir: string) => number = plenty): void =>
  checkMoveTarget({ from: data, to, bytes: 3500, freeBytes });
// A disk that ignores letter case (macOS, Windows) sees DATA as Data: the check must too.
const caseInsensitive = existsSync(join(temp.dir, 'DATA'));

describe('the destination of a move', () => {
  it('refuses the data folder itself, written any way', () => {
    symlinkSync(data, join(temp.dir, 'link-to-data'));
    for (const same of [data, `${data}/`, join(data, '..', 'Data'), join(temp.dir, 'link-to-data')]) {
      expect(() => check(same)).toThrow(/is the data folder in use: choose another folder \(nothing was copied\)/);
      expect(relationTo(data, same)).toBe('same');
    }
  });

  it.runIf(caseInsensitive)('refuses the data folder written in another letter case on a case-insensitive disk', () => {
    expect(() => check(join(temp.dir, 'DATA'))).toThrow(/is the data folder in use/);
  });

  it('refuses a folder inside the data folder, also through a symlink, and creates nothing', () => {
    expect(() => check(join(data, 'moved', 'here'))).toThrow(/is inside the data folder in use \(.*Data\)/);
    mkdirSync(join(data, 'sub'));
    symlinkSync(join(data, 'sub'), join(temp.dir, 'link-into-data'));
    expect(() => check(join(temp.dir, 'link-into-data', 'new'))).toThrow(/is inside the data folder in use/);
    expect(existsSync(join(data, 'moved'))).toBe(false);
    expect(existsSync(join(data, 'sub', 'new'))).toBe(false);
    expect(relationTo(data, join(temp.dir, 'elsewhere'))).toBeNull();
  });

  it('refuses a file and a folder that is not empty, touching neither', () => {
    writeFileSync(join(temp.dir, 'notes.txt'), 'mine');
    expect(() => check(join(temp.dir, 'notes.txt'))).toThrow(/notes\.txt is a file: choose a folder/);
    mkdirSync(join(temp.dir, 'full'));
    writeFileSync(join(temp.dir, 'full', 'thesis.docx'), 'mine');
    expect(() => check(join(temp.dir, 'full'))).toThrow(/full is not empty: choose an empty or new folder/);
    expect(readdirSync(join(temp.dir, 'full'))).toEqual(['thesis.docx']);
  });

  it('refuses a folder this user cannot write, and a new folder whose parent cannot be written', (context) => {
    const locked = join(temp.dir, 'locked');
    mkdirSync(locked);
    const unlock = makeUnwritable(locked);
    if (!unlock) return context.skip();
    try {
      expect(() => check(locked)).toThrow(/locked cannot be written by you: choose another folder/);
      expect(() => check(join(locked, 'a', 'b'))).toThrow(
        /locked[/\\]a[/\\]b cannot be created: .*locked cannot be written by you/,
      );
    } finally {
      unlock();
    }
    expect(readdirSync(locked)).toEqual([]);
  });

  it('refuses a disk without room for the data plus a margin, saying how much is free and needed', () => {
    const target = join(temp.dir, 'small-disk', 'data');
    const justShort = (): number => 3500 + MOVE_MARGIN_BYTES - 1;
    expect(() => check(target, justShort)).toThrow(
      /The disk holding .*small-disk[/\\]data has 64\.0 MB free; the data needs 64\.0 MB \(0\.0 MB plus room to spare\)/,
    );
    const asked: string[] = [];
    check(target, (dir) => {
      asked.push(dir);
      return 3500 + MOVE_MARGIN_BYTES;
    });
    // Free space is read where the destination will be: its nearest folder that exists.
    expect(asked).toEqual([temp.dir]);
    expect(existsSync(join(temp.dir, 'small-disk'))).toBe(false);
    // The real disk answers too (this test's data is small).
    check(target, freeBytesAt);
  });

  it('counts the bytes a move copies', () => {
    expect(dataFolderBytes(data, ['valuerank.sqlite', 'valuerank.sqlite-wal', 'exports', 'backups'])).toBe(3500);
  });
});

describe('creating the destination', () => {
  it('creates missing parents private, and undoing removes the top-most folder it created only', () => {
    mkdirSync(join(temp.dir, 'parent'));
    writeFileSync(join(temp.dir, 'parent', 'keep.txt'), 'mine');
    const to = join(temp.dir, 'parent', 'new', 'deeper', 'data');
    const undo = createTarget(to);
    expect(statSync(to).isDirectory()).toBe(true);
    if (process.platform !== 'win32') expect(statSync(to).mode & 0o777).toBe(0o700);
    writeFileSync(join(to, 'valuerank.sqlite'), 'partial');
    undo();
    expect(readdirSync(join(temp.dir, 'parent'))).toEqual(['keep.txt']);
  });

  it('empties an existing empty destination on undo, and keeps the folder itself', () => {
    const to = join(temp.dir, 'was-empty');
    mkdirSync(to);
    const undo = createTarget(to);
    mkdirSync(join(to, 'exports'));
    writeFileSync(join(to, 'valuerank.sqlite'), 'partial');
    undo();
    expect(readdirSync(to)).toEqual([]);
  });

  it('says why a folder cannot be created', () => {
    expect(() => createTarget(join(temp.dir, 'notes.txt', 'data'))).toThrow(/Cannot create .*notes\.txt[/\\]data/);
  });
});
