/** Routes `transcripts.*`: one transcript in full (a pure read), and the record that it was opened. */
import { z } from 'zod';
import type { TranscriptDetail } from '../domain';
import { defineRoute, idSchema } from './define-route';
import type { Viewed } from './runs';

export const transcriptRoutes = {
  'transcripts.get': defineRoute<TranscriptDetail>()(() => z.object({ id: idSchema })),
  /** Records that a transcript was opened. */
  'transcripts.viewed': defineRoute<Viewed>()(() => z.object({ id: idSchema })),
} as const;
