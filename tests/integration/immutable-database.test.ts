/**
 * An immutable database file (chattr +i: not even root may write it) in a folder that is still writable: the core
 * opens it as usual (SQLite falls back to reading), every read and an export answer, every write route is refused
 * with DATABASE_READ_ONLY (never INTERNAL "attempt to write a readonly database"), the CLI exits 4 for a write, and
 * the file is byte for byte what it was. Skipped with the reason when this process may not set the immutable flag.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, exitCodeForError } from '../../src/main/cli/data-access';
import { DATABASE_FILE } from '../../src/main/core/db/open';
import { createCore, type Core } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { AppError } from '../../src/shared/errors';
import { cliRunner } from '../helpers/cli';
import { startHarness } from '../helpers/core';
import { SAMPLE_YAML } from '../helpers/db';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';

// A definition the database does not hold yet (importing the same text again writes nothing).
const OTHER_YAML = SAMPLE_YAML.replace('Council', 'Parish');
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const chattr = (flag: '+i' | '-i', path: string) => spawnSync('chattr', [flag, path], { encoding: 'utf8' });

function immutableFlagUnavailable(): string | null {
  const probe = makeTempDir();
  try {
    const file = join(probe.dir, 'probe');
    spawnSync('touch', [file]);
    const set = chattr('+i', file);
    if (set.error || set.status !== 0) return `chattr +i is not possible here (${set.error?.message ?? set.stderr})`;
    chattr('-i', file);
    return null;
  } finally {
    probe.cleanup();
  }
}

const unavailable = immutableFlagUnavailable();
if (unavailable) console.warn(`immutable-database.test.ts skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('an immutable database file', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  const file = join(dataDir, DATABASE_FILE);
  let runId = '';
  let definitionId = '';
  let before = '';

  beforeAll(async () => {
    const h = await startHarness({ dataDir });
    try {
      definitionId = await h.importSample();
      const run = await callRoute(h.core.dispatch, 'runs.create', {
        definitionId,
        models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      });
      runId = run.id;
      expect((await h.waitForRun(runId)).status).toBe('completed');
    } finally {
      await h.stop();
    }
    expect(chattr('+i', file).status).toBe(0);
    before = sha(file);
  }, 120_000);

  afterAll(() => {
    chattr('-i', file);
    temp.cleanup();
  });

  it('answers reads and an export, refuses every write route with DATABASE_READ_ONLY, and changes nothing', async () => {
    const { logger } = createMemoryLogger();
    const core: Core = await createCore({
      dataDir,
      // A key, so runs.create gets as far as writing (no request is sent: nothing is scheduled).
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      startScheduler: false,
      logger,
    });
    try {
      const runs = await callRoute(core.dispatch, 'runs.list', {});
      expect(JSON.stringify(runs)).toContain(runId);
      expect((await callRoute(core.dispatch, 'runs.get', { id: runId })).status).toBe('completed');
      expect(await callRoute(core.dispatch, 'definitions.list', {})).toHaveLength(1);
      const exported = await callRoute(core.dispatch, 'export.csv', { runId });
      expect(readFileSync(exported.path!, 'utf8').trim().split('\n').length).toBeGreaterThan(1);

      const model = { providerId: 'openai' as const, modelId: 'gpt-4o-mini' };
      const writes: [string, Promise<unknown>][] = [
        ['definitions.import', core.dispatch('definitions.import', { fileName: 'b.yaml', text: OTHER_YAML })],
        ['definitions.archive', core.dispatch('definitions.archive', { id: definitionId, archived: true })],
        ['runs.create', core.dispatch('runs.create', { definitionId, models: [{ ...model, modelVersion: null }] })],
        ['runs.update', core.dispatch('runs.update', { id: runId, name: 'renamed' })],
        ['runs.archive', core.dispatch('runs.archive', { id: runId, archived: true })],
        ['runs.viewed', core.dispatch('runs.viewed', { id: runId })],
        ['runs.delete', core.dispatch('runs.delete', { id: runId })],
        ['preferences.save', core.dispatch('preferences.save', { preventSleep: false })],
        ['prices.save', core.dispatch('prices.save', { ...model, inputUsdPerMTok: 1, outputUsdPerMTok: 2 })],
        ['studies.create', core.dispatch('studies.create', { name: 'A study' })],
      ];
      for (const [route, pending] of writes) {
        const answer = (await pending) as { ok: boolean; error?: { code: string; message: string } };
        expect({ route, answer }).toMatchObject({
          route,
          answer: {
            ok: false,
            error: { code: 'DATABASE_READ_ONLY', message: expect.stringMatching(/cannot be written/) },
          },
        });
        expect(exitCodeForError(new AppError('DATABASE_READ_ONLY', answer.error!.message))).toBe(EXIT.DATA_UNUSABLE);
      }
      expect(JSON.stringify(await callRoute(core.dispatch, 'runs.list', {}))).toBe(JSON.stringify(runs));
    } finally {
      await core.close();
    }
    expect(sha(file)).toBe(before);
  }, 120_000);

  it('the CLI reads, exits 4 on a write with the sentence, and leaves the file as it was', async () => {
    const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: dataDir }));
    const runs = await cli('runs');
    expect(runs.code).toBe(0);
    expect(runs.out.join('\n')).toContain(runId);
    expect((await cli('definitions', 'list')).code).toBe(0);
    const other = join(temp.dir, 'parish.yaml');
    writeFileSync(other, OTHER_YAML);
    const write = await cli('definitions', 'import', other);
    expect(write.code).toBe(4);
    expect(write.err.join('\n')).toMatch(/DATABASE_READ_ONLY: The database .*cannot be written/);
    expect(write.err.join('\n')).not.toMatch(/INTERNAL/);
    expect(sha(file)).toBe(before);
  }, 120_000);
});
