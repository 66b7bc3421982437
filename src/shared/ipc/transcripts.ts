/** Routes `transcripts.*`: how many match a filter and per dimension level, one transcript in full (pure reads), the record that it was opened. */
import { z } from 'zod';
import type { TranscriptDetail } from '../domain';
import { transcriptFilterShape, type TranscriptCount, type TranscriptDimensionCounts } from '../transcript-filter';
import { defineRoute, idSchema } from './define-route';
import type { Viewed } from './runs';

export const transcriptRoutes = {
  /** How many of a run's transcripts match the filter of `runs.transcripts`, of how many the run has. */
  'transcripts.count': defineRoute<TranscriptCount>()(() => z.object({ runId: idSchema, ...transcriptFilterShape })),
  /**
   * The run's dimensions and their levels, each with how many transcripts match the filter and have it — the levels
   * chosen of that same dimension left out, so each option of the filter bar says what choosing it would give.
   */
  'transcripts.levels': defineRoute<TranscriptDimensionCounts[]>()(() =>
    z.object({ runId: idSchema, ...transcriptFilterShape }),
  ),
  'transcripts.get': defineRoute<TranscriptDetail>()(() => z.object({ id: idSchema })),
  /** Records that a transcript was opened. */
  'transcripts.viewed': defineRoute<Viewed>()(() => z.object({ id: idSchema })),
  /**
   * Codes the transcript's decision by hand: a score on the run's scale, or a refusal; `clear` gives it back the
   * reader's decision (kept all along). Results, analyses, exports and counters use the hand decision; a
   * re-extraction never replaces it. Returns the transcript as it now reads.
   */
  'transcripts.override': defineRoute<TranscriptDetail>()(() =>
    z
      .object({
        id: idSchema,
        score: z.number().int().optional(),
        refusal: z.literal(true).optional(),
        clear: z.literal(true).optional(),
        note: z.string().trim().max(2000).optional(),
      })
      .refine(
        (v) => [v.score !== undefined, v.refusal, v.clear].filter(Boolean).length === 1,
        'give exactly one of score, refusal or clear',
      ),
  ),
} as const;
