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
  /** Of the tokens above, those a batch returned (its chunks' sums, which include paid duplicates): batch tier. */
  batchInputTokens: number;
  batchOutputTokens: number;
}

/**
 * Reported tokens per model of a run, from run_model_counts (kept by triggers, never summed over transcripts), plus
 * what the run's batches paid twice (a duplicate batch's or a repeated line's answer: paid, not used; issue 26). The
 * batch tier's share is the sum over the run's chunks (each chunk sums the usage of the answers it returned), so the
 * real-time share of a batch run finished in real time is the rest, with no per-transcript sum.
 */
export function tokenCounts(sqlite: Sqlite, runId: string): TokenCountRow[] {
  return many<TokenCountRow>(
    sqlite,
    `SELECT m.model_key AS modelKey, m.input_tokens + COALESCE(d.input, 0) AS inputTokens,
        m.output_tokens + COALESCE(d.output, 0) AS outputTokens, m.transcripts, m.usage_reported AS reported,
        COALESCE(d.batchInput, 0) AS batchInputTokens, COALESCE(d.batchOutput, 0) AS batchOutputTokens
      FROM run_model_counts m
      LEFT JOIN (SELECT model_key, SUM(duplicate_input_tokens) AS input, SUM(duplicate_output_tokens) AS output,
          SUM(input_tokens) AS batchInput, SUM(output_tokens) AS batchOutput
        FROM batch_chunks WHERE run_id = @runId GROUP BY model_key) d ON d.model_key = m.model_key
      WHERE m.run_id = @runId`,
    { runId },
  );
}
