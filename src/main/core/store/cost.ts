/**
 * The two reads cost needs: prompt sizes before a run (one pass over the definition's scenarios, lengths only, never
 * the prompts) and reported tokens during and after it (the counters the transcripts triggers keep, migration 0010).
 */
import { many, type Sqlite } from './sql';

/** Each scenario's id and prompt length in characters, in scenario order. */
export function promptLengths(sqlite: Sqlite, definitionId: string): { id: string; chars: number }[] {
  return many<{ id: string; chars: number }>(
    sqlite,
    `SELECT id, length(prompt) AS chars FROM scenarios WHERE definition_id = ? ORDER BY ordinal`,
    definitionId,
  );
}

export interface TokenCountRow {
  modelKey: string;
  inputTokens: number;
  outputTokens: number;
  transcripts: number;
  reported: number;
}

/** Reported tokens per model of a run, from run_model_counts (kept by triggers, never summed over transcripts). */
export function tokenCounts(sqlite: Sqlite, runId: string): TokenCountRow[] {
  return many<TokenCountRow>(
    sqlite,
    `SELECT model_key AS modelKey, input_tokens AS inputTokens, output_tokens AS outputTokens, transcripts,
      usage_reported AS reported FROM run_model_counts WHERE run_id = ?`,
    runId,
  );
}
