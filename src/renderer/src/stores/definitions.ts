/** Definitions as the renderer knows them: the list, each opened definition and its expanded scenarios, plus the import action. */
import { create } from 'zustand';
import type { DefinitionDetail, DefinitionSummary, Scenario } from '@shared/domain';
import type { ImportResult } from '@shared/ipc';
import { api } from '../api/client';
import { loadInto, type Loadable } from './loadable';

export const SCENARIO_PAGE_SIZE = 500;

export interface ScenarioPage {
  items: Scenario[];
  hasMore: boolean;
}

export interface LastImport {
  definitionId: string;
  fileName: string;
  alreadyImported: boolean;
}

interface DefinitionsState {
  list: Loadable<DefinitionSummary[]> | undefined;
  details: Record<string, Loadable<DefinitionDetail>>;
  scenarios: Record<string, Loadable<ScenarioPage>>;
  lastImport: LastImport | null;
  loadList(): Promise<void>;
  loadDetail(id: string): Promise<void>;
  /** Loads the first page of scenarios, or the next page when `more` is set. */
  loadScenarios(definitionId: string, more?: boolean): Promise<void>;
  /** Imports a YAML/JSON file's text; throws an ApiError whose message carries line/field information. */
  importFile(fileName: string, text: string): Promise<DefinitionDetail>;
  /** Imports one of the sample definitions shipped with the app, by the name `definitions.samples` gave. */
  importSample(name: string): Promise<DefinitionDetail>;
  dismissImportNotice(): void;
}

export const useDefinitions = create<DefinitionsState>()((set, get) => ({
  list: undefined,
  details: {},
  scenarios: {},
  lastImport: null,

  async loadList() {
    await loadInto(
      'definitions.list',
      () => get().list,
      (list) => set({ list }),
      () => api.call('definitions.list', {}),
    );
  },

  async loadDetail(id) {
    await loadInto(
      `definitions.get:${id}`,
      () => get().details[id],
      (entry) => set((state) => ({ details: { ...state.details, [id]: entry } })),
      () => api.call('definitions.get', { id }),
    );
  },

  async loadScenarios(definitionId, more = false) {
    const existing = more ? (get().scenarios[definitionId]?.data?.items ?? []) : [];
    await loadInto(
      `definitions.scenarios:${definitionId}`,
      () => get().scenarios[definitionId],
      (entry) => set((state) => ({ scenarios: { ...state.scenarios, [definitionId]: entry } })),
      async () => {
        const page = await api.call('definitions.scenarios', {
          definitionId,
          offset: existing.length,
          limit: SCENARIO_PAGE_SIZE,
        });
        return { items: [...existing, ...page], hasMore: page.length === SCENARIO_PAGE_SIZE };
      },
    );
  },

  async importFile(fileName, text) {
    return remember(await api.call('definitions.import', { fileName, text }), fileName);
  },

  async importSample(name) {
    return remember(await api.call('definitions.importSample', { name }), name);
  },

  dismissImportNotice() {
    set({ lastImport: null });
  },
}));

/** Keeps an imported definition as opened, and the notice saying it was imported. */
function remember(result: ImportResult, fileName: string): DefinitionDetail {
  const definition = result.definition;
  useDefinitions.setState((state) => ({
    details: {
      ...state.details,
      [definition.id]: { data: definition, error: null, loading: false, stale: false, fetchedAt: Date.now() },
    },
    lastImport: { definitionId: definition.id, fileName, alreadyImported: result.alreadyImported },
  }));
  return definition;
}
