/**
 * Failures a researcher meets at the edges, each with its own code and a sentence instead of raw text: a YAML alias
 * bomb, and exports that hit a full disk, a missing folder or a folder that is not writable (real file operations).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitionParser } from '../../src/main/core/definitions/parse';
import { writeManifest, type ExportManifest } from '../../src/main/core/export/manifest';
import { exportRunToFile } from '../../src/main/core/export/write-file';
import { fsErrorToAppError } from '../../src/main/core/util/fs-errors';
import { AppError } from '../../src/shared/errors';
import { makeExportDb, type ExportDb } from '../helpers/export-fixture';

const parseDefinitionText = await loadDefinitionParser();

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('a YAML alias bomb', () => {
  it('is DEFINITION_TOO_COMPLEX with a sentence, not INTERNAL', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ])
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const error = thrown(() => parseDefinitionText('bomb.yaml', `${rows.join('\n')}\nname: x\n`)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('DEFINITION_TOO_COMPLEX');
    expect(error.message).toMatch(/^bomb\.yaml repeats its YAML aliases .* The file was not imported\.$/);
  });

  it('still accepts a definition using a few aliases', () => {
    const text = [
      'name: Aliases',
      "preamble: 'Answer with a rating.'",
      'template: "[A] [B]"',
      'dimensions:',
      '  - name: A',
      '    levels: &levels',
      "      - { score: 1, label: low, options: ['x'] }",
      "      - { score: 2, label: high, options: ['y'] }",
      '  - name: B',
      '    levels: *levels',
    ].join('\n');
    expect(parseDefinitionText('ok.yaml', text).dimensions[1]!.levels).toHaveLength(2);
  });
});

describe('export errors from the file system', () => {
  let db: ExportDb;
  beforeAll(async () => {
    db = await makeExportDb();
  });
  afterAll(() => db.cleanup());

  it('turns a real ENOSPC into DISK_FULL with the folder to free', () => {
    const error = thrown(() => writeFileSync('/dev/full', 'x'));
    const app = fsErrorToAppError(error, 'write the export', '/dev/full');
    expect(app.code).toBe('DISK_FULL');
    expect(app.message).toBe(
      'Could not write the export /dev/full: the disk is full. Free some space on the drive holding /dev ' +
        '(or choose a folder on another drive) and try again.',
    );
  });

  it('names a missing destination folder (PATH_NOT_FOUND) and leaves no .partial file', async () => {
    const runId = db.newRun();
    db.completeNext();
    const path = join(db.dir, 'missing', 'out.csv');
    const error = (await exportRunToFile(db.database.sqlite, runId, path, 'csv').catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('PATH_NOT_FOUND');
    expect(error.message).toMatch(/the folder .*missing does not exist .*Create it or choose another folder\./);
  });

  it('removes the temporary file when the final rename fails', async () => {
    const runId = db.newRun();
    db.completeNext();
    const outDir = join(db.dir, 'out');
    // The destination is a folder that is not empty: the data is written, the rename onto it fails.
    const path = join(outDir, 'taken.csv');
    mkdirSync(join(path, 'inside'), { recursive: true });
    const error = (await exportRunToFile(db.database.sqlite, runId, path, 'jsonl').catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toContain(path);
    expect(readdirSync(outDir)).toEqual(['taken.csv']);
  });

  it('gives the manifest write the same sentences', async () => {
    const error = (await writeManifest({} as ExportManifest, join(db.dir, 'nowhere', 'x.csv')).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error.code).toBe('PATH_NOT_FOUND');
    expect(error.message).toMatch(/Could not write the export manifest .*x\.csv\.manifest\.json/);
  });

  it('passes typed errors through and keeps unknown errno text after the path', () => {
    const typed = new AppError('NOT_FOUND', 'gone');
    expect(fsErrorToAppError(typed, 'write', '/x')).toBe(typed);
    const odd = Object.assign(new Error('strange'), { code: 'EWEIRD' });
    expect(fsErrorToAppError(odd, 'write the export', '/tmp/a.csv').message).toBe(
      'Could not write the export /tmp/a.csv: strange',
    );
    for (const [code, expected] of [
      ['EACCES', 'PERMISSION_DENIED'],
      ['EROFS', 'PERMISSION_DENIED'],
      ['EISDIR', 'PATH_NOT_FOUND'],
    ] as const)
      expect(fsErrorToAppError(Object.assign(new Error(code), { code }), 'write', '/tmp/a').code).toBe(expected);
  });
});
