/**
 * Seeds a run with many transcripts in one transaction (fast), through the store's own transcript INSERT: the export
 * benchmark's data and the large-export tests' data. Transcripts cycle over the run's scenarios and models like a real
 * run's would.
 */
import type Database from 'better-sqlite3';
import { scenarioIds as scenarioIdsOf } from '../src/main/core/store/definitions';
import { loadRun } from '../src/main/core/store/runs';
import { insertTranscript } from '../src/main/core/store/transcripts';

export function seedTranscripts(sqlite: Database.Database, runId: string, count: number): void {
  const { row: run } = loadRun(sqlite, runId);
  const scenarioIds = scenarioIdsOf(sqlite, run.definitionId);
  const base = Date.parse('2025-12-07T00:00:00.000Z');
  sqlite.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const model = `model-${i % 3}`;
      const score = (i % 5) + 1;
      const reply = `Reasoning about case ${i}, with "quotes".\nRating: ${score}`;
      const at = new Date(base + i * 1000).toISOString();
      insertTranscript(sqlite, {
        id: `tr_seed_${runId}_${i}`,
        runId,
        jobId: `job_seed_${runId}_${i}`,
        scenarioId: scenarioIds[i % scenarioIds.length]!,
        modelKey: `openai:${model}`,
        providerId: 'openai',
        modelId: model,
        modelVersion: null,
        reportedModelVersion: `${model}-2025-01-01`,
        snapshotHash: run.snapshotHash,
        truncated: false,
        notes: [],
        turnsJson: JSON.stringify([{ role: 'assistant', content: reply }]),
        turnCount: 3,
        wordCount: 42,
        inputTokens: 200 + (i % 50),
        outputTokens: 40 + (i % 30),
        totalTokens: 240 + (i % 80),
        requestParamsJson: '{"model":"m","temperature":0}',
        score,
        decision: `Choice ${score}`,
        parsePath: 'explicit_rating',
        createdAt: at,
        startedAt: at,
        completedAt: at,
        durationMs: 900 + (i % 400),
      });
    }
    sqlite
      .prepare(`UPDATE runs SET status = 'completed', completed = ?, completed_at = ? WHERE id = ?`)
      .run(count, new Date().toISOString(), runId);
  })();
}
