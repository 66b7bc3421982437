/**
 * A database written before transcript search existed, upgraded by this build: the migration indexes the answers
 * already there (the backfill), and transcripts written afterwards are indexed by the triggers.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { createDefinitionService } from '../../src/main/core/definitions/service';
import { devResourcePaths } from '../../src/main/core/paths';
import { RunQueries } from '../../src/main/core/runs/query';
import { SAMPLE_YAML } from '../helpers/db';
import { makeTempDir } from '../helpers/temp';

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** A copy of the migrations as the build before transcript search shipped them. */
function migrationsBeforeSearch(into: string): string {
  cpSync(devResourcePaths().migrationsDir, into, { recursive: true });
  const journalPath = join(into, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  const first = journal.entries.findIndex((entry) => entry.tag.endsWith('_transcripts_fts'));
  expect(first).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, first) }));
  return into;
}

const turns = (reply: string) =>
  JSON.stringify([
    { role: 'system', content: 'Answer on the scale.' },
    { role: 'user', content: 'A lighthouse keeper must decide.' },
    { role: 'assistant', content: reply },
  ]);

describe('migrating a database from before transcript search', () => {
  const temp = makeTempDir();
  afterEach(() => temp.cleanup());

  it('indexes the answers already stored and keeps indexing new ones', async () => {
    const dataDir = join(temp.dir, 'data');
    const old = await openDatabase({ dataDir, migrationsDir: migrationsBeforeSearch(join(temp.dir, 'old')) });
    expect(old.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'transcripts_fts'`).get()).toBeUndefined();
    const { definition } = await createDefinitionService(old.sqlite).importText('council-housing.yaml', SAMPLE_YAML);
    const now = new Date().toISOString();
    old.sqlite
      .prepare(`INSERT INTO definition_snapshots (hash, content_json, created_at) VALUES ('h', '{}', ?)`)
      .run(now);
    old.sqlite
      .prepare(
        `INSERT INTO runs (id, definition_id, status, run_type, snapshot_hash, config_json, total, completed, created_at)
         VALUES ('run_old', ?, 'completed', 'full', 'h', '{}', 3, 3, ?)`,
      )
      .run(definition.id, now);
    const insert = old.sqlite.prepare(
      `INSERT INTO transcripts (id, run_id, job_id, scenario_id, model_key, provider_id, model_id, snapshot_hash,
        content, turns_json, turn_count, word_count, request_params_json, score, decision, parse_path, created_at)
       VALUES (?, 'run_old', ?, ?, 'openai:gpt-4o-mini', 'openai', 'gpt-4o-mini', 'h', ?, ?, 3, 5, '{}', 2, 'two',
        'explicit_rating', ?)`,
    );
    insert.run('tr_0', 'job_0', 's0', '', turns('The keeper owes the village a warning.\nRating: 2'), now);
    // A row from before the reply was stored once: its rendered copy is kept, the turns hold the same reply.
    insert.run('tr_1', 'job_1', 's1', '## Assistant\n\nA storm', turns('A storm changes nothing.\nRating: 2'), now);
    insert.run('tr_2', 'job_2', 's2', '', '[]', now);
    old.close();

    const upgraded = await openDatabase({ dataDir, migrationsDir: devResourcePaths().migrationsDir });
    try {
      const queries = new RunQueries(upgraded.sqlite);
      const ids = (text: string) => queries.transcripts('run_old', 0, 100, { text }).map((t) => t.id);
      expect(ids('village')).toEqual(['tr_0']);
      expect(ids('storm')).toEqual(['tr_1']);
      expect(ids('rating')).toEqual(['tr_0', 'tr_1']);
      // The prompt is not the answer.
      expect(ids('lighthouse')).toEqual([]);

      upgraded.sqlite
        .prepare(
          `INSERT INTO transcripts (id, run_id, job_id, scenario_id, model_key, provider_id, model_id, snapshot_hash,
            content, turns_json, turn_count, word_count, request_params_json, score, decision, parse_path, created_at)
           VALUES ('tr_3', 'run_old', 'job_3', 's3', 'openai:gpt-4o-mini', 'openai', 'gpt-4o-mini', 'h', '', ?, 3, 5,
            '{}', 2, 'two', 'explicit_rating', ?)`,
        )
        .run(turns('The village sleeps.'), now);
      expect(ids('village')).toEqual(['tr_0', 'tr_3']);
    } finally {
      upgraded.close();
    }
  });
});
