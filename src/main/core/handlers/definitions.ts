/** Handlers for definitions: import, list, and the expanded scenarios with their prompts. */
import type { Handlers } from '../../../shared/contract';
import type { DefinitionService } from '../definitions/service';

export function definitionHandlers(
  definitions: DefinitionService,
): Pick<Handlers, 'definitions.list' | 'definitions.get' | 'definitions.import' | 'definitions.scenarios'> {
  return {
    'definitions.list': async () => definitions.list(),
    'definitions.get': async ({ id }) => definitions.get(id),
    'definitions.import': async ({ fileName, text }) => definitions.importText(fileName, text),
    'definitions.scenarios': async ({ definitionId, offset, limit }) =>
      definitions.scenarios(definitionId, offset, limit),
  };
}
