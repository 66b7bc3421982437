/** Results as the renderer knows them: each run's per-model summary, scenario pages, related runs and comparisons. */
import { create } from 'zustand';
import type { RelatedRuns, ResultsSummary, RunComparison, ScenarioResultsPage } from '@shared/results';
import { api } from '../api/client';
import { loadInto, type Loadable } from './loadable';

export const SCENARIO_PAGE_SIZE = 25;
export const FLIPPED_PAGE_SIZE = 100;

export function scenarioKey(runId: string, modelKey: string | null): string {
  return `${runId}|${modelKey ?? '*'}`;
}

interface ResultsState {
  summaries: Record<string, Loadable<ResultsSummary>>;
  scenarioPages: Record<string, Loadable<ScenarioResultsPage>>;
  related: Record<string, Loadable<RelatedRuns>>;
  comparisons: Record<string, Loadable<RunComparison>>;
  loadSummary(runId: string): Promise<void>;
  loadScenarios(runId: string, modelKey: string | null, offset: number): Promise<void>;
  loadRelated(runId: string): Promise<void>;
  loadComparison(runA: string, runB: string, offset?: number): Promise<void>;
}

export const useResults = create<ResultsState>()((set, get) => ({
  summaries: {},
  scenarioPages: {},
  related: {},
  comparisons: {},

  async loadSummary(runId) {
    await loadInto(
      `results.summary:${runId}`,
      () => get().summaries[runId],
      (entry) => set((state) => ({ summaries: { ...state.summaries, [runId]: entry } })),
      () => api.call('results.summary', { runId }),
    );
  },

  async loadScenarios(runId, modelKey, offset) {
    const key = scenarioKey(runId, modelKey);
    await loadInto(
      `results.scenarios:${key}`,
      () => get().scenarioPages[key],
      (entry) => set((state) => ({ scenarioPages: { ...state.scenarioPages, [key]: entry } })),
      () =>
        api.call('results.scenarios', {
          runId,
          ...(modelKey ? { modelKey } : {}),
          offset,
          limit: SCENARIO_PAGE_SIZE,
        }),
    );
  },

  async loadRelated(runId) {
    await loadInto(
      `runs.related:${runId}`,
      () => get().related[runId],
      (entry) => set((state) => ({ related: { ...state.related, [runId]: entry } })),
      () => api.call('runs.related', { id: runId }),
    );
  },

  async loadComparison(runA, runB, offset = 0) {
    const key = `${runA}|${runB}`;
    await loadInto(
      `results.compare:${key}`,
      () => get().comparisons[key],
      (entry) => set((state) => ({ comparisons: { ...state.comparisons, [key]: entry } })),
      () => api.call('results.compare', { runA, runB, offset, limit: FLIPPED_PAGE_SIZE }),
    );
  },
}));
