/** Routes `definitions.*`: import, list, read a definition and page through its expanded scenarios. */
import { z } from 'zod';
import type { DefinitionDetail, DefinitionSummary, Scenario } from '../domain';
import { defineRoute, emptyInput, idSchema, pageSchema } from './define-route';

export interface ImportResult {
  definition: DefinitionDetail;
  alreadyImported: boolean;
}

export const definitionRoutes = {
  'definitions.list': defineRoute<DefinitionSummary[]>()(emptyInput),
  'definitions.get': defineRoute<DefinitionDetail>()(() => z.object({ id: idSchema })),
  'definitions.import': defineRoute<ImportResult>()(() =>
    z.object({ fileName: z.string().min(1).max(500), text: z.string().max(5_000_000) }),
  ),
  /** The sample definitions shipped with the app (file names), for a first import. */
  'definitions.samples': defineRoute<{ name: string }[]>()(emptyInput),
  'definitions.importSample': defineRoute<ImportResult>()(() => z.object({ name: z.string().min(1).max(200) })),
  'definitions.scenarios': defineRoute<Scenario[]>()(() =>
    z.object({ definitionId: idSchema, ...pageSchema(500, 5000) }),
  ),
} as const;
