/**
 * Re-run a finished run against other model versions: the original model configuration with one version field per
 * model (free text, suggesting the versions this run actually saw). The new run is linked to this one as its parent.
 */
import { useEffect, useRef, useState } from 'react';
import type { ModelRef, RunDetail } from '@shared/domain';
import { modelKey } from '@shared/domain';
import type { ApiError } from '../api/errors';
import { toApiError } from '../api/errors';
import { newRequestId } from '../lib/ids';
import { useResults } from '../stores/results';
import { links, useRouter } from '../stores/router';
import { useRuns } from '../stores/runs';
import { ErrorBox } from './ErrorBox';

export function RerunDialog({ run, onClose }: { run: RunDetail; onClose(): void }): React.JSX.Element {
  const summary = useResults((state) => state.summaries[run.id]?.data ?? null);
  const createRun = useRuns((state) => state.createRun);
  const navigate = useRouter((state) => state.navigate);
  const [versions, setVersions] = useState<string[]>(() => run.models.map((m) => m.modelVersion ?? ''));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // One request id per dialog, so a double click or a retry can never create two re-runs.
  const requestId = useRef(newRequestId());
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => firstField.current?.focus(), []);

  const seen = (model: ModelRef): string[] => {
    const uses = summary?.models.find((m) => m.modelKey === modelKey(model))?.versions ?? [];
    const all = uses.flatMap((v) => [v.requested, v.reported]).filter((v): v is string => Boolean(v));
    return [...new Set(all)];
  };

  async function start(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const models = run.models.map((model, index) => ({ ...model, modelVersion: versions[index]?.trim() || null }));
      const created = await createRun({
        definitionId: run.definitionId,
        models,
        options: {
          samplePercentage: run.options.samplePercentage,
          sampleSeed: run.options.sampleSeed,
          temperature: run.options.temperature,
          maxTokens: run.options.maxTokens,
        },
        parentRunId: run.id,
        requestId: requestId.current,
      });
      onClose();
      navigate(links.run(created.id));
    } catch (thrown) {
      setError(toApiError(thrown));
      setBusy(false);
    }
  }

  return (
    <div
      className="card rerun-dialog"
      role="dialog"
      aria-labelledby="rerun-heading"
      data-testid="rerun-dialog"
      onKeyDown={(event) => (event.key === 'Escape' ? onClose() : undefined)}
    >
      <h3 id="rerun-heading">Re-run with other model versions</h3>
      <p className="muted small">
        Same definition, scenarios and options ({run.options.samplePercentage}% sample). Leave a version empty for the
        provider's default.
      </p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>Model</th>
            <th>Original version</th>
            <th>Version for the re-run</th>
          </tr>
        </thead>
        <tbody>
          {run.models.map((model, index) => {
            const listId = `rerun-versions-${index}`;
            return (
              <tr key={modelKey(model)}>
                <td className="mono">
                  {model.providerId}:{model.modelId}
                </td>
                <td className="mono small">{model.modelVersion ?? 'provider default'}</td>
                <td>
                  <input
                    ref={index === 0 ? firstField : undefined}
                    type="text"
                    className="mono"
                    spellCheck={false}
                    autoComplete="off"
                    list={listId}
                    value={versions[index] ?? ''}
                    placeholder="provider default"
                    aria-label={`Version for ${model.providerId}:${model.modelId}`}
                    data-testid="rerun-version"
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setVersions((current) => current.map((v, i) => (i === index ? value : v)));
                    }}
                  />
                  <datalist id={listId}>
                    {seen(model).map((version) => (
                      <option key={version} value={version} />
                    ))}
                  </datalist>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error ? <ErrorBox error={error} title="The re-run could not start" /> : null}
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="start-rerun"
          disabled={busy}
          onClick={() => void start()}
        >
          {busy ? 'Starting…' : 'Start re-run'}
        </button>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
