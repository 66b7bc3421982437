/** Handlers for definitions: import, list, and the expanded scenarios with their prompts. */
import type { Handlers } from '../../../shared/ipc';
import type { CoreContext } from '../context';

export function definitionHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'definitions.list' | 'definitions.get' | 'definitions.import' | 'definitions.scenarios'> {
  const { definitions } = ctx;
  return {
    'definitions.list': async () => definitions.list(),
    'definitions.get': async ({ id }) => definitions.get(id),
    'definitions.import': async ({ fileName, text }) => definitions.importText(fileName, text),
    'definitions.scenarios': async ({ definitionId, offset, limit }) =>
      definitions.scenarios(definitionId, offset, limit),
  };
}
