/**
 * The filter bar over a run's transcript table: model, decision (a scale entry, any scored answer, refusals or
 * unparseable answers), who placed the decision, sample, dimension level (and scenarios from the address), and words of the answer (full-text search in the core), with
 * how many transcripts match.
 */
import type { TranscriptCount, TranscriptDimensionCounts } from '@shared/transcript-filter';
import type { ModelResults } from '@shared/results';
import { TranscriptLevelFilters } from './TranscriptLevelFilters';
import { isFiltered, NO_TRANSCRIPT_FILTER, type TranscriptFilterFields } from '../lib/transcript-query';

interface TranscriptFilterBarProps {
  models: readonly string[];
  /** The results summary's models, for the scale entries the decision select offers. */
  results: readonly ModelResults[];
  samples: number;
  /** The run's dimensions and levels with their counts (none until they arrive). */
  dimensions: readonly TranscriptDimensionCounts[];
  fields: TranscriptFilterFields;
  onChange(fields: TranscriptFilterFields): void;
  count: TranscriptCount | null;
}

/** Every score code the models' distributions list (the scale in order, then off-scale codes), once. */
export function scaleChoices(results: readonly ModelResults[]): { code: number; label: string }[] {
  const seen = new Map<number, string>();
  for (const model of results)
    for (const bucket of model.distribution)
      if (bucket.kind === 'answer' && bucket.code !== null && !seen.has(bucket.code))
        seen.set(bucket.code, bucket.label);
  return [...seen].map(([code, label]) => ({ code, label }));
}

export function TranscriptFilterBar({
  models,
  results,
  samples,
  dimensions,
  fields,
  onChange,
  count,
}: TranscriptFilterBarProps): React.JSX.Element {
  const set = (patch: Partial<TranscriptFilterFields>): void => onChange({ ...fields, ...patch });
  const filtered = isFiltered(fields);
  return (
    <div className="filter-bar transcript-filter-bar" role="search" data-testid="transcript-filter-bar">
      <label className="field field-inline field-grow">
        <span className="field-label">Search answers</span>
        <input
          type="search"
          value={fields.text}
          data-testid="transcript-search"
          placeholder='words, "a phrase", prefix*'
          maxLength={200}
          onChange={(event) => set({ text: event.currentTarget.value })}
        />
      </label>
      {models.length > 1 ? (
        <label className="field field-inline">
          <span className="field-label">Model</span>
          <select
            value={fields.model}
            data-testid="transcript-model-filter"
            onChange={(event) => set({ model: event.currentTarget.value })}
          >
            <option value="">All models</option>
            {models.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="field field-inline">
        <span className="field-label">Decision</span>
        <select
          value={fields.decision}
          data-testid="transcript-decision-filter"
          onChange={(event) => set({ decision: event.currentTarget.value })}
        >
          <option value="">Any decision</option>
          <option value="answer">Any scored answer</option>
          {scaleChoices(results).map(({ code, label }) => (
            <option key={code} value={`score:${code}`}>
              {label === String(code) ? code : `${code} · ${label}`}
            </option>
          ))}
          <option value="refusal">Refusals</option>
          <option value="unparseable">Unparseable</option>
        </select>
      </label>
      <label className="field field-inline">
        <span className="field-label">Coded</span>
        <select
          value={fields.source}
          data-testid="transcript-source-filter"
          onChange={(event) => set({ source: event.currentTarget.value as TranscriptFilterFields['source'] })}
        >
          <option value="">By the reader or by hand</option>
          <option value="extracted">By the reader</option>
          <option value="override">By hand</option>
        </select>
      </label>
      {samples > 1 ? (
        <label className="field field-inline">
          <span className="field-label">Sample</span>
          <select
            value={fields.sample}
            data-testid="transcript-sample-filter"
            onChange={(event) => set({ sample: event.currentTarget.value })}
          >
            <option value="">All</option>
            {Array.from({ length: samples }, (_, i) => (
              <option key={i + 1} value={String(i + 1)}>
                {i + 1}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <TranscriptLevelFilters dimensions={dimensions} fields={fields} onChange={onChange} />
      <span className="transcript-filter-count" aria-live="polite" data-testid="transcript-count">
        {count === null
          ? ''
          : filtered
            ? `${count.matched.toLocaleString('en-US')} of ${count.total.toLocaleString('en-US')} transcripts match`
            : `${count.total.toLocaleString('en-US')} transcripts`}
      </span>
      {filtered ? (
        <button
          type="button"
          className="button-link"
          data-testid="transcript-filter-clear"
          onClick={() => onChange(NO_TRANSCRIPT_FILTER)}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
