/**
 * The editor's live preview: scenario count and jobs with the limits, cost per model, the answer scale as understood,
 * placeholders (unknown ones and unused dimensions flagged), the scenarios filtered by level and the exact messages of
 * the selected one with each dimension's wording highlighted.
 */
import type { DefinitionPreview } from '@shared/ipc';
import { formatUsd } from '@shared/prices';
import { formatCount, plural } from '../../lib/format';
import { TryScenario } from './TryScenario';

interface PreviewPanelProps {
  preview: DefinitionPreview | null;
  filter: Record<string, number>;
  onFilter(filter: Record<string, number>): void;
  onSelect(id: string): void;
  /** The saved version a scenario can be tried on; null while the draft differs from it. */
  savedId: string | null;
}

/** The user message with each chosen wording marked. */
function Highlighted({ text, words }: { text: string; words: string[] }): React.JSX.Element {
  const parts: React.ReactNode[] = [];
  const wanted = words.filter((w) => w.length > 0).sort((a, b) => b.length - a.length);
  let rest = text;
  let key = 0;
  while (rest.length > 0) {
    let at = -1;
    let word = '';
    for (const w of wanted) {
      const i = rest.indexOf(w);
      if (i >= 0 && (at < 0 || i < at)) [at, word] = [i, w];
    }
    if (at < 0) break;
    parts.push(rest.slice(0, at), <mark key={key++}>{word}</mark>);
    rest = rest.slice(at + word.length);
  }
  parts.push(rest);
  return <pre className="preview-message">{parts}</pre>;
}

export function PreviewPanel({ preview, filter, onFilter, onSelect, savedId }: PreviewPanelProps): React.JSX.Element {
  if (!preview) return <p className="muted">Preview loading…</p>;
  const { page, selected } = preview;
  const selectedRow = page.rows.find((r) => r.id === selected?.id);
  return (
    <section className="preview-panel" aria-labelledby="preview-heading" data-testid="definition-preview">
      <h2 id="preview-heading">Preview</h2>
      {preview.scenarioCount === null ? (
        <p className="warning-text" data-testid="preview-count">
          No preview until the text reads as a definition.
        </p>
      ) : (
        <p data-testid="preview-count">
          <strong>{plural(preview.scenarioCount, 'scenario')}</strong>
          {preview.models.length > 0 && preview.jobs !== null
            ? ` × ${plural(preview.models.length, 'model')}${preview.samples > 1 ? ` × ${preview.samples} samples` : ''} = ${plural(preview.jobs, 'job')}`
            : ''}
          {preview.modelsSource === 'lastRun' ? <span className="muted"> (models of the last run)</span> : null}
          {preview.design ? (
            <span className="muted" data-testid="preview-design">
              {' '}
              — scenarios: {preview.design}
            </span>
          ) : null}
        </p>
      )}
      {preview.large ? (
        <p className="warning-text" data-testid="preview-large">
          Over {formatCount(preview.limits.largeRunScenarios)} scenarios: every model is asked each one. The importer
          refuses more than {formatCount(preview.limits.maxScenarios)}.
        </p>
      ) : null}
      {preview.estimate ? (
        <ul className="plain-list small" data-testid="preview-cost">
          {preview.estimate.perModel.map((m) => (
            <li key={m.modelKey}>
              {m.modelKey}: ~{formatCount(m.inputTokens + m.outputTokens)} tokens,{' '}
              {m.costUsd === null ? 'no price' : formatUsd(m.costUsd)}
              {preview.estimateApproximate ? ' (approximate)' : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {preview.scale ? (
        <p className={preview.scale.ambiguous ? 'warning-text' : ''} data-testid="preview-scale">
          Answer scale: {preview.scale.summary}
          {preview.scale.ambiguous ? ' — check it: ' + (preview.scale.warnings.join(' ') || 'no scale found') : ''}
        </p>
      ) : null}
      {preview.placeholders.length > 0 || preview.unusedDimensions.length > 0 ? (
        <p data-testid="preview-placeholders">
          Placeholders:{' '}
          {preview.placeholders.map((p) => (
            <code key={p.name} className={p.known ? 'placeholder-known' : 'placeholder-unknown'}>
              [{p.name}]{p.known ? '' : ' (no such dimension)'}{' '}
            </code>
          ))}
          {preview.unusedDimensions.map((name) => (
            <span key={name} className="warning-text">
              {' '}
              {name} is never used in the template.
            </span>
          ))}
        </p>
      ) : null}

      {preview.dimensions.length > 0 ? (
        <div className="field-row" data-testid="preview-filter">
          {preview.dimensions.map((dimension) => (
            <label key={dimension.name} className="field">
              <span className="field-label">{dimension.name}</span>
              <select
                value={filter[dimension.name] ?? ''}
                onChange={(e) => {
                  const next = { ...filter };
                  if (e.currentTarget.value === '') delete next[dimension.name];
                  else next[dimension.name] = Number(e.currentTarget.value);
                  onFilter(next);
                }}
              >
                <option value="">every level</option>
                {dimension.levels.map((level) => (
                  <option key={level.score} value={level.score}>
                    {level.label} ({level.score})
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ) : null}

      {page.rows.length > 0 ? (
        <table className="table table-clickable" data-testid="preview-scenarios">
          <thead>
            <tr>
              {preview.dimensions.map((d) => (
                <th key={d.name}>{d.name}</th>
              ))}
              {preview.dimensions.length === 0 ? <th>Scenario</th> : null}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr
                key={row.id}
                className={row.id === selected?.id ? 'selected' : ''}
                data-testid="preview-row"
                tabIndex={0}
                aria-selected={row.id === selected?.id}
                onClick={() => onSelect(row.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') onSelect(row.id);
                }}
              >
                {preview.dimensions.map((d) => (
                  <td key={d.name}>{row.dimensions[d.name]?.label ?? ''}</td>
                ))}
                {preview.dimensions.length === 0 ? <td>{row.name}</td> : null}
              </tr>
            ))}
          </tbody>
          {page.total > page.rows.length ? (
            <tfoot>
              <tr>
                <td colSpan={Math.max(1, preview.dimensions.length)} className="muted">
                  Showing {formatCount(page.rows.length)} of {formatCount(page.total)}
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      ) : null}

      {selected ? (
        <div data-testid="preview-messages">
          <h3>{selected.name}: the messages sent</h3>
          <p className="field-label">System</p>
          <pre className="preview-message" data-testid="preview-system">
            {selected.system || '(none)'}
          </pre>
          <p className="field-label">User</p>
          <div data-testid="preview-user">
            <Highlighted
              text={selected.user}
              words={Object.values(selectedRow?.dimensions ?? {}).map((v) => v.option)}
            />
          </div>
          {savedId ? (
            <TryScenario definitionId={savedId} scenarioId={selected.id} />
          ) : (
            <p className="muted small">Save the definition to try a scenario against a model.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
