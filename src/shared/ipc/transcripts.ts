/** Routes `transcripts.*`: one transcript in full. */
import { z } from 'zod';
import type { TranscriptDetail } from '../domain';
import { defineRoute, idSchema } from './define-route';

export const transcriptRoutes = {
  'transcripts.get': defineRoute<TranscriptDetail>()(z.object({ id: idSchema })),
} as const;
