/** The Runs page's client-side filters (study, definition, model) and the "compare these two" action for two selected runs. */
import type { RunSummary } from '@shared/domain';
import { runFacets, type RunListFilter } from '../lib/run-filters';
import { useStudies } from '../data/studies';
import { links } from '../stores/router';

interface RunsFilterBarProps {
  runs: readonly RunSummary[];
  filter: RunListFilter;
  onFilter(filter: RunListFilter): void;
  selected: readonly RunSummary[];
  onClearSelection(): void;
}

export function RunsFilterBar({
  runs,
  filter,
  onFilter,
  selected,
  onClearSelection,
}: RunsFilterBarProps): React.JSX.Element {
  const facets = runFacets(runs);
  const studies = useStudies().data ?? [];
  const [a, b] = selected;
  return (
    <div className="filter-bar" data-testid="runs-filter-bar">
      {studies.length > 0 || filter.studyId ? (
        <label className="field field-inline">
          <span className="field-label">Study</span>
          <select
            value={filter.studyId ?? ''}
            data-testid="runs-study-filter"
            onChange={(event) => onFilter({ ...filter, studyId: event.currentTarget.value })}
          >
            <option value="">All studies</option>
            {studies.map((study) => (
              <option key={study.id} value={study.id}>
                {study.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="field field-inline">
        <span className="field-label">Definition</span>
        <select
          value={filter.definitionId}
          data-testid="runs-definition-filter"
          onChange={(event) => onFilter({ ...filter, definitionId: event.currentTarget.value })}
        >
          <option value="">All definitions</option>
          {facets.definitions.map((definition) => (
            <option key={definition.id} value={definition.id}>
              {definition.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-inline">
        <span className="field-label">Model</span>
        <select
          value={filter.model}
          data-testid="runs-model-filter"
          onChange={(event) => onFilter({ ...filter, model: event.currentTarget.value })}
        >
          <option value="">All models</option>
          {facets.models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-inline">
        <span className="field-label">Search</span>
        <input
          type="search"
          value={filter.search ?? ''}
          data-testid="runs-search"
          placeholder="name, notes, model…"
          onChange={(event) => onFilter({ ...filter, search: event.currentTarget.value })}
        />
      </label>
      <label className="field field-inline">
        <input
          type="checkbox"
          checked={filter.archived === true}
          data-testid="show-archived-runs"
          onChange={(event) => onFilter({ ...filter, archived: event.currentTarget.checked })}
        />
        <span className="field-label">Show archived</span>
      </label>
      <span className="compare-action" data-testid="compare-selection">
        {a && b ? (
          <a className="button button-primary" href={links.compare(a.id, b.id)} data-testid="compare-selected">
            Compare the two selected runs
          </a>
        ) : (
          <span className="muted small">
            {selected.length === 1
              ? 'Select one more run of the same definition to compare.'
              : 'Tick two runs of one definition to compare them.'}
          </span>
        )}
        {selected.length > 0 ? (
          <button type="button" className="button-link" onClick={onClearSelection}>
            Clear selection
          </button>
        ) : null}
      </span>
    </div>
  );
}
