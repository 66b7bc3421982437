/**
 * One classification of read-only data: a write that SQLite refuses because the database cannot be written is
 * DATABASE_READ_ONLY with one sentence (the CLI's exit 4), whichever route met it — never INTERNAL.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, exitCodeForError } from '../../src/main/cli/data-access';
import { createCore } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { SAMPLE_YAML } from '../helpers/db';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';

describe('read-only data', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('answers a refused write with DATABASE_READ_ONLY and the way out, and keeps reads working', async () => {
    const dataDir = join(temp.dir, 'data');
    const logger = createMemoryLogger().logger;
    const writable = await createCore({ dataDir, env: {}, startScheduler: false, logger });
    await callRoute(writable.dispatch, 'definitions.import', { fileName: 'a.yaml', text: SAMPLE_YAML });
    await writable.close();

    const core = await createCore({ dataDir, env: {}, startScheduler: false, readonly: true, logger });
    try {
      expect(await callRoute(core.dispatch, 'definitions.list', {})).toHaveLength(1);
      const writes = [
        core.dispatch('definitions.import', { fileName: 'b.yaml', text: SAMPLE_YAML.replace('Council', 'Parish') }),
        core.dispatch('preferences.save', { preventSleep: false }),
      ];
      for (const answer of await Promise.all(writes)) {
        expect(answer).toMatchObject({
          ok: false,
          error: { code: 'DATABASE_READ_ONLY', message: expect.stringMatching(/^The database cannot be written/) },
        });
        if (answer.ok) continue;
        const { AppError } = await import('../../src/shared/errors');
        expect(exitCodeForError(new AppError(answer.error.code, answer.error.message))).toBe(EXIT.DATA_UNUSABLE);
      }
    } finally {
      await core.close();
    }
  });
});
