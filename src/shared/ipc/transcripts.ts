/** Routes `transcripts.*`: one transcript in full (a pure read), and the record that it was opened. */
import { z } from 'zod';
import type { TranscriptDetail } from '../domain';
import { defineRoute, idSchema } from './define-route';
import type { Viewed } from './runs';

export const transcriptRoutes = {
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
