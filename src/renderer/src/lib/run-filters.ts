/** Client-side filters over the runs list (definition, model) and the rule for choosing two runs to compare. */
import { modelKey, type RunSummary } from '@shared/domain';

export interface RunListFilter {
  /** A definition id, or '' for all. */
  definitionId: string;
  /** A `provider:model` (version ignored), or '' for all. */
  model: string;
  /** Text the run's name, notes, definition, id or models must contain (case-insensitive); '' or absent for all. */
  search?: string;
  /** Show archived runs too (hidden by default). */
  archived?: boolean;
  /** Only the runs of this study (a study id), or '' / absent for all. */
  studyId?: string;
}

export const NO_RUN_FILTER: RunListFilter = { definitionId: '', model: '' };

/** `provider:model` without the version: the unit a researcher filters by. */
export function modelName(model: RunSummary['models'][number]): string {
  return `${model.providerId}:${model.modelId}`;
}

/** `studyRuns`: the chosen study's run ids (null while they load: then no run is shown rather than every run). */
export function filterRuns(
  runs: readonly RunSummary[],
  filter: RunListFilter,
  studyRuns: ReadonlySet<string> | null = null,
): RunSummary[] {
  const needle = (filter.search ?? '').trim().toLowerCase();
  return runs.filter(
    (run) =>
      (!filter.studyId || (studyRuns?.has(run.id) ?? false)) &&
      (!filter.definitionId || run.definitionId === filter.definitionId) &&
      (!filter.model || run.models.some((model) => modelName(model) === filter.model)) &&
      (filter.archived === true || !run.archivedAt) &&
      (needle === '' || searchText(run).includes(needle)),
  );
}

function searchText(run: RunSummary): string {
  return [run.name ?? '', run.notes, run.definitionName, run.id, ...run.models.map(modelKey)].join('\n').toLowerCase();
}

/** The definitions and models present in a list, for the filter menus (by name, each once). */
export function runFacets(runs: readonly RunSummary[]): {
  definitions: { id: string; name: string }[];
  models: string[];
} {
  const definitions = new Map<string, string>();
  const models = new Set<string>();
  for (const run of runs) {
    definitions.set(run.definitionId, run.definitionName);
    for (const model of run.models) models.add(modelName(model));
  }
  return {
    definitions: [...definitions].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    models: [...models].sort(),
  };
}

/** A run can join the comparison when fewer than two are chosen and it shares the chosen run's definition. */
export function canSelectForCompare(run: RunSummary, selected: readonly RunSummary[]): boolean {
  if (selected.some((other) => other.id === run.id)) return true;
  if (selected.length >= 2) return false;
  return selected.every((other) => other.definitionId === run.definitionId);
}

/** Every model key of a run, for display. */
export function runModelKeys(run: RunSummary): string {
  return run.models.map(modelKey).join(', ');
}

/** The Runs list's sortable columns. */
export type RunSortKey = 'run' | 'definition' | 'status' | 'progress' | 'models' | 'created';
export interface RunSort {
  key: RunSortKey;
  descending: boolean;
}
export const DEFAULT_RUN_SORT: RunSort = { key: 'created', descending: true };

const SORT_VALUES: Record<RunSortKey, (run: RunSummary) => string | number> = {
  run: (run) => (run.name ?? '').toLowerCase() || `\uffff${run.id}`,
  definition: (run) => run.definitionName.toLowerCase(),
  status: (run) => run.status,
  progress: (run) => (run.progress.total > 0 ? run.progress.completed / run.progress.total : 0),
  models: (run) => runModelKeys(run),
  created: (run) => run.createdAt,
};

/** The runs sorted by one column (ties keep newest first); a new array. */
export function sortRuns(runs: readonly RunSummary[], sort: RunSort): RunSummary[] {
  const value = SORT_VALUES[sort.key];
  const sign = sort.descending ? -1 : 1;
  return [...runs].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x < y) return -sign;
    if (x > y) return sign;
    return b.createdAt.localeCompare(a.createdAt);
  });
}
