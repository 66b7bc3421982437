/**
 * The transcript filter bar's dimension levels — one select per dimension of the run's scenarios, each level with how
 * many transcripts the rest of the filter leaves it — and the scenarios the address names (a link from a results cell),
 * shown as a chip that clears them.
 */
import type { TranscriptDimensionCounts } from '@shared/transcript-filter';
import type { TranscriptFilterFields } from '../lib/transcript-query';

interface TranscriptLevelFiltersProps {
  dimensions: readonly TranscriptDimensionCounts[];
  fields: TranscriptFilterFields;
  onChange(fields: TranscriptFilterFields): void;
}

/** The select's value for the levels chosen of a dimension: '' any, a score, or 'several' (only from the address). */
function selected(scores: readonly number[] | undefined): string {
  if (!scores || scores.length === 0) return '';
  return scores.length === 1 ? String(scores[0]) : 'several';
}

export function TranscriptLevelFilters({
  dimensions,
  fields,
  onChange,
}: TranscriptLevelFiltersProps): React.JSX.Element {
  const setLevel = (name: string, value: string): void => {
    const levels = { ...fields.levels };
    if (value === '') delete levels[name];
    else levels[name] = [Number(value)];
    onChange({ ...fields, levels });
  };
  return (
    <>
      {dimensions
        .filter((dimension) => dimension.levels.length > 1)
        .map((dimension) => {
          const chosen = fields.levels[dimension.name];
          const value = selected(chosen);
          return (
            <label key={dimension.name} className="field field-inline">
              <span className="field-label">{dimension.name}</span>
              <select
                value={value}
                data-testid={`transcript-level-filter-${dimension.name}`}
                onChange={(event) => setLevel(dimension.name, event.currentTarget.value)}
              >
                <option value="">Any level</option>
                {value === 'several' ? (
                  <option value="several" disabled>
                    {dimension.levels
                      .filter((level) => chosen?.includes(level.score))
                      .map((level) => level.label)
                      .join(' or ')}
                  </option>
                ) : null}
                {dimension.levels.map((level) => (
                  <option key={level.score} value={String(level.score)}>
                    {`${level.label} (${level.transcripts.toLocaleString('en-US')})`}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      {fields.scenarios.length > 0 ? (
        <span className="chip" data-testid="transcript-scenario-filter">
          {fields.scenarios.length === 1 ? 'Scenario ' : 'Scenarios '}
          <code>{fields.scenarios.join(', ')}</code>
          <button
            type="button"
            className="chip-remove"
            aria-label="Show every scenario"
            data-testid="transcript-scenario-clear"
            onClick={() => onChange({ ...fields, scenarios: [] })}
          >
            ×
          </button>
        </span>
      ) : null}
    </>
  );
}
