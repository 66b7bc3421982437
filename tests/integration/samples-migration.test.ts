/**
 * A database written before repeated samples existed, upgraded by this build: its jobs and transcripts become sample 1,
 * its runs read as one sample each, and the counter triggers on `jobs` and `transcripts` still move afterwards (a
 * migration that rebuilt either table would have dropped them silently).
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import type Database from 'better-sqlite3';
import { contentHash, expandScenarios } from '../../src/main/core/definitions/expand';
import { loadDefinitionParser } from '../../src/main/core/definitions/parse';
import { createDefinitionService } from '../../src/main/core/definitions/service';
import { devResourcePaths } from '../../src/main/core/paths';
import { RunQueries } from '../../src/main/core/runs/query';
import { JobStore } from '../../src/main/core/store/jobs';
import { probeResult, SAMPLE_YAML } from '../helpers/db';
import { makeTempDir } from '../helpers/temp';

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** A copy of the migrations as an older build shipped them: every one before the first that adds `sample`. */
function migrationsBeforeSamples(into: string): string {
  const source = devResourcePaths().migrationsDir;
  cpSync(source, into, { recursive: true });
  const journalPath = join(into, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  const first = journal.entries.findIndex((entry) =>
    /ADD `sample`/.test(readFileSync(join(source, `${entry.tag}.sql`), 'utf8')),
  );
  expect(first).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, first) }));
  return into;
}

/** The sample definition stored with the columns an old build wrote (no family, version or source text). */
async function importAsAnOldBuild(sqlite: Database.Database): Promise<string> {
  const content = (await loadDefinitionParser())('council-housing.yaml', SAMPLE_YAML);
  sqlite
    .prepare(
      `INSERT INTO definitions (id, name, content_json, content_hash, source_file_name, created_at)
        VALUES ('def_old', ?, ?, ?, 'council-housing.yaml', ?)`,
    )
    .run(content.name, JSON.stringify(content), contentHash(content), new Date().toISOString());
  for (const s of expandScenarios(content)) {
    sqlite
      .prepare(
        `INSERT INTO scenarios (definition_id, id, ordinal, dimensions_json, prompt) VALUES ('def_old', ?, ?, ?, ?)`,
      )
      .run(s.id, s.ordinal, JSON.stringify(s.dimensions), s.prompt);
  }
  return 'def_old';
}

const OLD_CONFIG = JSON.stringify({
  models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
  options: { samplePercentage: 100, sampleSeed: null, temperature: null, maxTokens: null },
});

describe('migrating a database from before repeated samples', () => {
  const temp = makeTempDir();
  afterEach(() => temp.cleanup());

  it('gives old jobs and transcripts sample 1 and keeps every counter trigger working', async () => {
    const dataDir = join(temp.dir, 'data');
    const oldMigrations = migrationsBeforeSamples(join(temp.dir, 'old-migrations'));
    const old = await openDatabase({ dataDir, migrationsDir: oldMigrations });
    expect(
      old.sqlite.prepare(`SELECT name FROM pragma_table_info('jobs') WHERE name = 'sample'`).get(),
    ).toBeUndefined();
    const definitionId = await importAsAnOldBuild(old.sqlite);
    const scenarios = (
      old.sqlite
        .prepare(`SELECT id FROM scenarios WHERE definition_id = ? ORDER BY ordinal LIMIT 3`)
        .all(definitionId) as {
        id: string;
      }[]
    ).map((row) => row.id);
    const now = new Date().toISOString();
    old.sqlite
      .prepare(`INSERT INTO definition_snapshots (hash, content_json, created_at) VALUES ('h', '{}', ?)`)
      .run(now);
    old.sqlite
      .prepare(
        `INSERT INTO runs (id, definition_id, status, run_type, snapshot_hash, config_json, total, completed, created_at)
         VALUES ('run_old', ?, 'running', 'full', 'h', ?, 3, 1, ?)`,
      )
      .run(definitionId, OLD_CONFIG, now);
    scenarios.forEach((scenarioId, i) =>
      old.sqlite
        .prepare(
          `INSERT INTO jobs (id, run_id, scenario_id, model_key, provider_id, model_id, ordinal, status, created_at,
            updated_at) VALUES (?, 'run_old', ?, 'openai:gpt-4o-mini', 'openai', 'gpt-4o-mini', ?, ?, ?, ?)`,
        )
        .run(`job_${i}`, scenarioId, i, i === 0 ? 'completed' : 'pending', now, now),
    );
    old.sqlite
      .prepare(
        `INSERT INTO transcripts (id, run_id, job_id, scenario_id, model_key, provider_id, model_id, snapshot_hash,
          content, turns_json, turn_count, word_count, request_params_json, score, decision, parse_path, created_at)
         VALUES ('tr_0', 'run_old', 'job_0', ?, 'openai:gpt-4o-mini', 'openai', 'gpt-4o-mini', 'h', '', '[]', 0, 0,
          '{}', 2, 'two', 'explicit_rating', ?)`,
      )
      .run(scenarios[0], now);
    old.close();

    const upgraded = await openDatabase({ dataDir, migrationsDir: devResourcePaths().migrationsDir });
    const { sqlite } = upgraded;
    try {
      expect(sqlite.prepare(`SELECT DISTINCT sample FROM jobs`).all()).toEqual([{ sample: 1 }]);
      expect(sqlite.prepare(`SELECT sample FROM transcripts`).all()).toEqual([{ sample: 1 }]);
      // The triggers of both tables survived: same names as before the upgrade.
      const triggers = (
        sqlite
          .prepare(`SELECT name, tbl_name AS tbl FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
          .all() as {
          name: string;
          tbl: string;
        }[]
      ).map((row) => `${row.tbl}.${row.name}`);
      expect(triggers).toEqual(
        expect.arrayContaining([
          'jobs.jobs_counts_insert',
          'jobs.jobs_counts_update',
          'jobs.jobs_counts_delete',
          'jobs.jobs_errors_final',
          'transcripts.transcripts_counts_insert',
          'transcripts.transcripts_counts_delete',
        ]),
      );
      const queries = new RunQueries(sqlite);
      const before = queries.get('run_old');
      expect(before.options.samples).toBe(1);
      expect(before.progress).toMatchObject({ total: 3, completed: 1, pending: 2 });

      // The counters move when the old run's jobs go on after the upgrade.
      const store = new JobStore(sqlite);
      const job = store.claim('me', Date.now(), 60_000, [])!;
      expect(queries.get('run_old').progress).toMatchObject({ running: 1, pending: 1 });
      expect(store.complete(job, 'me', probeResult('Rating: 4', 4))).toBe(true);
      expect(queries.get('run_old').progress).toMatchObject({ running: 0, completed: 2, pending: 1 });
      expect(sqlite.prepare(`SELECT sample FROM transcripts WHERE job_id = ?`).get(job.id)).toEqual({ sample: 1 });
      const decisions = sqlite
        .prepare(`SELECT score, n FROM run_decision_counts WHERE run_id = 'run_old' ORDER BY score`)
        .all();
      expect(decisions).toEqual([
        { score: 2, n: 1 },
        { score: 4, n: 1 },
      ]);
      // The old three-column unique key is gone: a second sample of the same scenario and model is a new job.
      expect(sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'jobs_run_scenario_model_uq'`).get()).toBe(
        undefined,
      );
      const unique = sqlite.prepare(`SELECT name FROM pragma_index_list('jobs') WHERE "unique" = 1`).all();
      expect(unique).toContainEqual({ name: 'jobs_run_scenario_model_sample_uq' });
      // The definition from before versions is version 1 of its own family; its text is made from its content.
      const definitions = createDefinitionService(sqlite);
      expect(definitions.get(definitionId)).toMatchObject({ version: 1, familyId: definitionId, runCount: 1 });
      expect((await definitions.source(definitionId)).text).toMatch(/^name: Council housing dilemma\n/);
    } finally {
      upgraded.close();
    }
    expect(readdirSync(dataDir)).toContain('valuerank.sqlite');
  });
});
