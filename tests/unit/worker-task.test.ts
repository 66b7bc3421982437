/** The worker-thread task plumbing the export and the analyses share: outcomes across the thread boundary, files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settleTask, taskResult, workerFile, type WorkerEntry } from '../../src/main/core/util/worker-task';
import { AppError } from '../../src/shared/errors';
import { makeTempDir } from '../helpers/temp';

const ENTRY: WorkerEntry = { what: 'test', devShim: 'shim.mjs', bundleName: 'test-worker.js', missingCode: 'INTERNAL' };

describe('worker tasks', () => {
  it('carries a result, an AppError’s code, and a plain error under the fallback code', async () => {
    expect(await settleTask('EXPORT_FAILED', async () => 7)).toEqual({ ok: true, result: 7 });
    const coded = await settleTask('EXPORT_FAILED', async () => {
      throw new AppError('NOT_FOUND', 'no such run');
    });
    expect(coded).toEqual({ ok: false, code: 'NOT_FOUND', message: 'no such run' });
    const plain = await settleTask('EXPORT_FAILED', async () => {
      throw new Error('disk on fire');
    });
    expect(plain).toEqual({ ok: false, code: 'EXPORT_FAILED', message: 'disk on fire' });
    const sqlite = await settleTask('EXPORT_FAILED', async () => {
      throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    });
    expect(sqlite).toEqual({ ok: false, code: 'SQLITE_CORRUPT', message: 'database disk image is malformed' });
  });

  it('rethrows an outcome’s error as an AppError, an unknown code as the fallback', () => {
    expect(taskResult({ ok: true, result: 'x' }, 'INTERNAL')).toBe('x');
    expect(() => taskResult({ ok: false, code: 'NOT_FOUND', message: 'gone' }, 'INTERNAL')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: 'gone' }),
    );
    expect(() => taskResult({ ok: false, code: 'MADE_UP', message: 'odd' }, 'EXPORT_FAILED')).toThrow(
      expect.objectContaining({ code: 'EXPORT_FAILED', message: 'odd' }),
    );
    // SQLite's code comes back as SQLite threw it (not an AppError), for the route to put in words.
    let thrown: unknown;
    try {
      taskResult({ ok: false, code: 'SQLITE_CORRUPT', message: 'malformed' }, 'EXPORT_FAILED');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).not.toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'SQLITE_CORRUPT', message: 'malformed' });
  });

  it('finds the dev shim beside a .ts module, the built entry beside the bundle or one folder up, or says it is missing', () => {
    const temp = makeTempDir();
    try {
      expect(workerFile(ENTRY, '/repo/src/x/runner.ts')).toBe('/repo/src/x/shim.mjs');
      const out = join(temp.dir, 'out');
      mkdirSync(join(out, 'chunks'), { recursive: true });
      expect(() => workerFile(ENTRY, join(out, 'index.js'))).toThrow(/test worker is missing.*rebuild the app/);
      writeFileSync(join(out, 'test-worker.js'), '');
      expect(workerFile(ENTRY, join(out, 'index.js'))).toBe(join(out, 'test-worker.js'));
      expect(workerFile(ENTRY, join(out, 'chunks', 'shared.js'))).toBe(join(out, 'test-worker.js'));
    } finally {
      temp.cleanup();
    }
  });
});
