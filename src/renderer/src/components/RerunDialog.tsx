/**
 * Re-run a finished run: the start form's model chooser, preloaded with the run's models and versions — versions edited
 * in place (suggesting those this run saw and the catalog's dated ones), models added or removed. Same definition and
 * options; the new run is linked to this one as its parent. Its cost is estimated and confirmed as the start form's, and
 * it may be sent in batch mode (the start form's option, the same component): ticked at first when the first run was a
 * batch run.
 */
import { useEffect, useRef, useState } from 'react';
import type { ModelRef, RunDetail } from '@shared/domain';
import { modelKey } from '@shared/domain';
import type { ApiError } from '../api/errors';
import { toApiError } from '../api/errors';
import { newRequestId } from '../lib/ids';
import { useProviders } from '../data/providers';
import { useKnownSummary } from '../data/results';
import { useCreateRun } from '../data/runs';
import { links, useRouter } from '../stores/router';
import { useRunCost } from './cost/useRunCost';
import { ErrorBox } from './ErrorBox';
import { ModelPicker } from './ModelPicker';
import { Notice } from './Notice';
import { useChosenHealth } from './useChosenHealth';
import { BatchModeOption, batchRefusals } from './BatchModeOption';

export function RerunDialog({ run, onClose }: { run: RunDetail; onClose(): void }): React.JSX.Element {
  const summary = useKnownSummary(run.id).data;
  const createRun = useCreateRun().mutate;
  const navigate = useRouter((state) => state.navigate);
  const providers = useProviders().data;
  const [models, setModels] = useState<ModelRef[]>(() => run.models.map((model) => ({ ...model })));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // One request id per dialog, so a double click or a retry can never create two re-runs.
  const requestId = useRef(newRequestId());
  const dialog = useRef<HTMLDivElement>(null);
  // A batch run's re-run starts in batch mode too (the researcher may untick it).
  const [batch, setBatch] = useState(run.mode === 'batch');
  const mode = batch && batchRefusals(models, run.options).length === 0 ? ('batch' as const) : undefined;
  const cost = useRunCost({ definitionId: run.definitionId, models, options: run.options, ...(mode ? { mode } : {}) });
  const { blockers, stillChecking } = useChosenHealth(models);

  // The first version field takes focus once the chooser is on screen.
  useEffect(() => {
    if (providers) dialog.current?.querySelector<HTMLInputElement>('[data-testid="rerun-version"]')?.focus();
  }, [providers]);

  const seen = (model: ModelRef): string[] => {
    const uses = summary?.models.find((m) => m.modelKey === modelKey(model))?.versions ?? [];
    const all = uses.flatMap((v) => [v.requested, v.reported]).filter((v): v is string => Boolean(v));
    return [...new Set(all)];
  };

  async function start(): Promise<void> {
    if (blockers.length > 0) return;
    if (!(await cost.confirm())) return;
    setBusy(true);
    setError(null);
    try {
      const created = await createRun({
        definitionId: run.definitionId,
        models,
        options: {
          samplePercentage: run.options.samplePercentage,
          sampleSeed: run.options.sampleSeed,
          samples: run.options.samples,
          temperature: run.options.temperature,
          maxTokens: run.options.maxTokens,
        },
        parentRunId: run.id,
        requestId: requestId.current,
        ...(mode ? { mode } : {}),
        // cost.confirm() above answered yes: under the threshold, or the person accepted the cost in its dialog.
        costConfirmed: true,
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
      ref={dialog}
      role="dialog"
      aria-labelledby="rerun-heading"
      data-testid="rerun-dialog"
      onKeyDown={(event) => (event.key === 'Escape' ? onClose() : undefined)}
    >
      <h3 id="rerun-heading">Re-run with other models or versions</h3>
      <p className="muted small">
        Same definition, scenarios and options ({run.options.samplePercentage}% sample
        {run.options.samples > 1 ? `, ${run.options.samples} samples per scenario` : ''}). Change a version in place,
        add or remove models; an empty version is the provider's default.
      </p>
      {providers ? (
        <ModelPicker
          providers={providers}
          models={models}
          onChange={setModels}
          disabled={busy}
          versionSuggestions={seen}
        />
      ) : null}
      <BatchModeOption
        models={models}
        options={run.options}
        checked={batch}
        onChange={(next) => {
          // Another request: a new id, so the core never answers it with a run created in the other mode.
          requestId.current = newRequestId();
          setBatch(next);
        }}
        disabled={busy}
      />
      {cost.panel}
      {blockers.length > 0 ? (
        <Notice tone="warning" testId="rerun-health-blocked">
          {blockers.map((reason) => (
            <span key={reason} className="block">
              {reason}
            </span>
          ))}{' '}
          Fix it in <a href={links.settings()}>Settings</a>, then check again there.
        </Notice>
      ) : stillChecking ? (
        <p className="muted small">Checking the providers…</p>
      ) : null}
      {error ? <ErrorBox error={error} title="The re-run could not start" /> : null}
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="start-rerun"
          disabled={busy || models.length === 0 || blockers.length > 0}
          onClick={() => void start()}
        >
          {busy ? 'Starting…' : 'Start re-run'}
        </button>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      </div>
      {cost.dialog}
    </div>
  );
}
