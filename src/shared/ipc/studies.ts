/** Routes `studies.*` (issue 25): studies of runs and definitions, and their value ranking. */
import { z } from 'zod';
import type { DefinitionSummary, ModelRef, RunSummary } from '../domain';
import type { ValueRankingReport } from '../values';
import { defineRoute, emptyInput, idSchema } from './define-route';

export interface Study {
  id: string;
  name: string;
  notes: string;
  createdAt: string;
  updatedAt: string;
  runCount: number;
  definitionCount: number;
}

export interface StudyDetail extends Study {
  runs: RunSummary[];
  definitions: DefinitionSummary[];
  models: ModelRef[];
}

const studyName = z.string().trim().min(1, 'a study needs a name').max(200);
const studyNotes = z.string().max(20_000);
export const modelPair = z.object({ a: z.string().trim().min(1).max(500), b: z.string().trim().min(1).max(500) });

export const studyRoutes = {
  'studies.list': defineRoute<Study[]>()(emptyInput),
  'studies.get': defineRoute<StudyDetail>()(() => z.object({ id: idSchema })),
  'studies.create': defineRoute<Study>()(() =>
    z.object({ name: studyName, notes: studyNotes.default(''), runIds: z.array(idSchema).max(1000).default([]) }),
  ),
  'studies.update': defineRoute<Study>()(() =>
    z.object({ id: idSchema, name: studyName.optional(), notes: studyNotes.optional() }),
  ),
  'studies.delete': defineRoute<{ deleted: true }>()(() => z.object({ id: idSchema })),
  /** Adds or removes runs or definitions; every id must exist, or nothing changes. */
  'studies.members': defineRoute<Study>()(() =>
    z.object({
      id: idSchema,
      kind: z.enum(['runs', 'definitions']),
      add: z.array(idSchema).max(1000).default([]),
      remove: z.array(idSchema).max(1000).default([]),
    }),
  ),
  /** The study's value ranking: its runs' answers pooled per model; `compare` names two model keys side by side. */
  'studies.ranking': defineRoute<ValueRankingReport>()(() => z.object({ id: idSchema, compare: modelPair.optional() })),
} as const;
