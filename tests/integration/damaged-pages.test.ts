/**
 * Pages damaged in the middle of the database where nothing noticed at start-up (the last close was clean, so no
 * quick_check ran): a read or an export that meets them answers DATABASE_CORRUPT with the path and the way back (a
 * backup), never INTERNAL or "Cannot call write after a stream was destroyed", and an export leaves no partial file.
 */
import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, exitCodeForError } from '../../src/main/cli/data-access';
import { createCore, type Core } from '../../src/main/core/create-core';
import { DATABASE_FILE } from '../../src/main/core/db/open';
import { AppError } from '../../src/shared/errors';
import { makeTestDb, type TestDb } from '../helpers/db';
import { cliRunner } from '../helpers/cli';
import { createMemoryLogger } from '../helpers/memory';
import { seedOutcomes } from '../helpers/results-seed';

const PAGE = 4096;

describe('damaged pages met after an ordinary start', () => {
  let t: TestDb;
  let core: Core;
  let runId: string;
  const memory = createMemoryLogger();

  beforeAll(async () => {
    t = await makeTestDb();
    // 4 scenarios × 15 models × 20 samples = 1,200 transcripts of about 2 KB each: most pages hold transcripts.
    const models = Array.from({ length: 15 }, (_, i) => ({
      providerId: 'openai' as const,
      modelId: `gpt-test-${i}`,
      modelVersion: null,
    }));
    runId = t.newRun(models, { samples: 20 });
    seedOutcomes(t.database.sqlite, runId, (_job, i) => ({
      kind: 'answer',
      score: 4,
      decision: 'Support',
      reply: `Reasoning ${i}: ${'the council weighs the tenants and the landlord. '.repeat(40)}\nRating: 4`,
    }));
    // The table's own leaf pages (SQLite's dbstat), not the indexes: counts still answer, reading the rows does not.
    const leaves = (
      t.database.sqlite
        .prepare(`SELECT pageno FROM dbstat WHERE name = 'transcripts' AND pagetype = 'leaf' ORDER BY pageno`)
        .all() as { pageno: number }[]
    ).map((row) => row.pageno);
    expect(leaves.length).toBeGreaterThan(100);
    t.database.close(); // a clean close: the next start does not check
    const file = openSync(join(t.dir, DATABASE_FILE), 'r+');
    // Every fourth leaf of the middle half overwritten, as a failing drive or a bad copy leaves a file.
    for (const page of leaves.slice(leaves.length / 4, (3 * leaves.length) / 4).filter((_, i) => i % 4 === 0))
      writeSync(file, Buffer.alloc(PAGE, 0x5a), 0, PAGE, (page - 1) * PAGE);
    closeSync(file);
    core = await createCore({ dataDir: t.dir, env: {}, startScheduler: false, logger: memory.logger });
  });
  afterAll(async () => {
    await core?.close();
    t.cleanup();
  });

  const corrupt = {
    ok: false,
    error: {
      code: 'DATABASE_CORRUPT',
      message: expect.stringMatching(/valuerank\.sqlite is damaged.*restore a backup/s) as string,
    },
  };

  it('answers a read that meets them with DATABASE_CORRUPT, the path and the way back', async () => {
    const answer = await core.dispatch('runs.transcripts', { runId, limit: 1000 });
    expect(answer).toMatchObject(corrupt);
    if (answer.ok) return;
    expect(answer.error.message).toContain(join(t.dir, DATABASE_FILE));
    expect(exitCodeForError(new AppError(answer.error.code, answer.error.message))).toBe(EXIT.DATA_UNUSABLE);
  });

  it('fails an export with the same sentence and leaves no partial or final file', async () => {
    const answer = await core.dispatch('export.csv', { runId });
    expect(answer).toMatchObject(corrupt);
    const exports = join(t.dir, 'exports');
    expect(existsSync(exports) ? readdirSync(exports) : []).toEqual([]);
    expect(memory.lines.some((line) => line.includes('Cannot call write after a stream was destroyed'))).toBe(false);
  });

  it('the CLI says the same and exits 4, writing no file where --out asked', async () => {
    const cli = cliRunner(() => ({}), ['--data-dir', t.dir]);
    const out = join(t.dir, 'asked-for.csv');
    const result = await cli('export', runId, '--out', out);
    expect(result.code).toBe(EXIT.DATA_UNUSABLE);
    expect(result.err.join('\n')).toMatch(/DATABASE_CORRUPT: The database at .*valuerank\.sqlite is damaged/);
    expect(readdirSync(t.dir).filter((name) => name.startsWith('asked-for'))).toEqual([]);
  });
});
