/**
 * Seeds a run with many transcripts directly through SQL in one transaction (fast): the export benchmark's data and
 * the large-export tests' data. Transcripts cycle over the run's scenarios and models like a real run's would.
 */
import type Database from 'better-sqlite3';

export function seedTranscripts(sqlite: Database.Database, runId: string, count: number): void {
  const run = sqlite
    .prepare(`SELECT definition_id AS definitionId, snapshot_hash AS hash FROM runs WHERE id = ?`)
    .get(runId) as { definitionId: string; hash: string } | undefined;
  if (!run) throw new Error(`no run ${runId}`);
  const scenarioIds = (
    sqlite.prepare(`SELECT id FROM scenarios WHERE definition_id = ? ORDER BY ordinal`).all(run.definitionId) as {
      id: string;
    }[]
  ).map((s) => s.id);
  const insert = sqlite.prepare(`
    INSERT INTO transcripts (id, run_id, job_id, scenario_id, model_key, provider_id, model_id, model_version,
      reported_model_version, snapshot_hash, content, turns_json, turn_count, word_count, input_tokens, output_tokens,
      total_tokens, request_params_json, score, decision, parse_path, created_at, started_at, completed_at, duration_ms)
    VALUES (?, ?, ?, ?, ?, 'openai', ?, NULL, ?, ?, ?, ?, 3, 42, ?, ?, ?, '{"model":"m","temperature":0}', ?, ?, 'explicit_rating', ?, ?, ?, ?)`);
  const base = Date.parse('2025-12-07T00:00:00.000Z');
  sqlite.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const model = `model-${i % 3}`;
      const score = (i % 5) + 1;
      const reply = `Reasoning about case ${i}, with "quotes".\nRating: ${score}`;
      const at = new Date(base + i * 1000).toISOString();
      insert.run(
        `tr_seed_${runId}_${i}`,
        runId,
        `job_seed_${runId}_${i}`,
        scenarioIds[i % scenarioIds.length],
        `openai:${model}`,
        model,
        `${model}-2025-01-01`,
        run.hash,
        `## Assistant\n${reply}`,
        JSON.stringify([{ role: 'assistant', content: reply }]),
        200 + (i % 50),
        40 + (i % 30),
        240 + (i % 80),
        score,
        `Choice ${score}`,
        at,
        at,
        at,
        900 + (i % 400),
      );
    }
    sqlite
      .prepare(`UPDATE runs SET status = 'completed', completed = ?, completed_at = ? WHERE id = ?`)
      .run(count, new Date().toISOString(), runId);
  })();
}
