/** FileSet on real folders: a set lands whole, or nothing of it does and the error names the file or folder. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSet, OWN_STAGE_NAME, stageDirFor, writeFileSet } from '../../src/main/core/export/file-set';
import { makeTempDir } from '../helpers/temp';

describe('FileSet', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('writes every file and renames them into place together, leaving no staging folder', async () => {
    const path = join(temp.dir, 'table.csv');
    const written = await writeFileSet(
      [
        { path, content: 'a\n' },
        { path: `${path}.manifest.json`, content: '{}' },
      ],
      'write the table',
    );
    expect(written).toEqual([path, `${path}.manifest.json`]);
    expect(readFileSync(path, 'utf8')).toBe('a\n');
    expect(readdirSync(temp.dir).sort()).toEqual(['table.csv', 'table.csv.manifest.json']);
    expect(await writeFileSet([], 'write nothing')).toEqual([]);
  });

  it('names its staging folder so start-up can tell it is the app’s and whose', () => {
    const dir = stageDirFor(temp.dir, 4242, 7);
    expect(OWN_STAGE_NAME.exec(dir.slice(temp.dir.length + 1))?.[1]).toBe('4242');
    expect(OWN_STAGE_NAME.exec(`${dir.slice(temp.dir.length + 1)}-aZ09xy`)?.[1]).toBe('4242');
    expect(OWN_STAGE_NAME.test('.valuerank-export.partial-x-1')).toBe(false);
  });

  it('keeps two sets started at once in the same folder apart', async () => {
    const [a, b] = await Promise.all([
      writeFileSet([{ path: join(temp.dir, 'a.csv'), content: 'a' }], 'write a'),
      writeFileSet([{ path: join(temp.dir, 'b.csv'), content: 'b' }], 'write b'),
    ]);
    expect([a, b]).toEqual([[join(temp.dir, 'a.csv')], [join(temp.dir, 'b.csv')]]);
    expect(readdirSync(temp.dir).sort()).toEqual(['a.csv', 'b.csv']);
  });

  it('fails with a sentence when the target folder does not exist', async () => {
    await expect(FileSet.open(join(temp.dir, 'missing'), 'write the table')).rejects.toMatchObject({
      message: expect.stringMatching(/^Could not write the table .*missing/),
    });
  });

  it('refuses a file that a writer put outside its staging folder', async () => {
    const set = await FileSet.open(temp.dir, 'write the table');
    expect(() => set.add(join(temp.dir, 'elsewhere.csv'))).toThrow(/not in the staging folder/);
    await set.abort();
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  it('a second file that cannot be written leaves neither, and keeps the earlier first file', async () => {
    const path = join(temp.dir, 'pair.csv');
    writeFileSync(path, 'earlier');
    // A folder with the second file's name inside the staging folder cannot be written as a file.
    const set = await FileSet.open(temp.dir, 'write the pair');
    await set.write(path, 'new');
    mkdirSync(set.staged(`${path}.manifest.json`));
    await expect(set.write(`${path}.manifest.json`, '{}')).rejects.toMatchObject({
      message: expect.stringMatching(/^Could not write the pair .*pair\.csv\.manifest\.json/),
    });
    await set.abort();
    expect(readFileSync(path, 'utf8')).toBe('earlier');
    expect(existsSync(`${path}.manifest.json`)).toBe(false);
    expect(readdirSync(temp.dir)).toEqual(['pair.csv']);
  });
});
