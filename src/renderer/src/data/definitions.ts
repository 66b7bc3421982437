/** Definitions as pages read them: the list, one definition and its expanded scenarios, and importing one. */
import { useCallback } from 'react';
import type { DefinitionDetail, Scenario } from '@shared/domain';
import type { ImportResult, RouteName } from '@shared/ipc';
import { useMutation } from '../hooks/useMutation';
import { usePaged, type Paged } from '../hooks/usePaged';
import { useRoute, type RouteResult } from '../hooks/useRoute';
import { useNotices } from '../stores/notices';

export const SCENARIO_PAGE_SIZE = 500;

const DEFINITION_LISTS: readonly RouteName[] = ['definitions.list'];

export function useDefinitionList(): RouteResult<'definitions.list'> {
  return useRoute('definitions.list', {});
}

export function useDefinition(id: string): RouteResult<'definitions.get'> {
  return useRoute('definitions.get', { id });
}

/** A definition's expanded scenarios, a page at a time ("Load more"). */
export function useScenarios(definitionId: string): Paged<Scenario> {
  return usePaged('definitions.scenarios', { definitionId }, { pageSize: SCENARIO_PAGE_SIZE });
}

const keepDefinition = {
  put: (
    result: ImportResult,
    cache: { put(route: 'definitions.get', input: { id: string }, data: DefinitionDetail): void },
  ) => cache.put('definitions.get', { id: result.definition.id }, result.definition),
  refreshes: DEFINITION_LISTS,
};

/**
 * Imports a YAML/JSON file's text or a sample shipped with the app (by the name `definitions.samples` gave); resolves
 * to the definition and leaves the notice saying it was imported; throws an ApiError naming the line and field.
 */
export function useImportDefinition(): {
  importFile(fileName: string, text: string): Promise<DefinitionDetail>;
  importSample(name: string): Promise<DefinitionDetail>;
} {
  const file = useMutation('definitions.import', keepDefinition).mutate;
  const sample = useMutation('definitions.importSample', keepDefinition).mutate;
  const imported = useNotices((state) => state.imported);
  const remember = useCallback(
    (result: ImportResult, fileName: string) => {
      imported({ definitionId: result.definition.id, fileName, alreadyImported: result.alreadyImported });
      return result.definition;
    },
    [imported],
  );
  return {
    importFile: useCallback(
      async (fileName: string, text: string) => remember(await file({ fileName, text }), fileName),
      [file, remember],
    ),
    importSample: useCallback(async (name: string) => remember(await sample({ name }), name), [sample, remember]),
  };
}
