/**
 * "Try this scenario": one scenario of the saved definition against one model, as a test run (the Settings Test Run's
 * route), with the answer's extracted decision once it is back.
 */
import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { useCatalog } from '../../data/health';
import { isProviderReady, useProviders } from '../../data/providers';
import { useCreateRun, useWatchedRun } from '../../data/runs';
import { useRoute } from '../../hooks/useRoute';
import { isRunSettled } from '../../lib/run-state';
import { links } from '../../stores/router';
import { ErrorBox } from '../ErrorBox';
import { ModelChooser, modelsOf, type ModelDraft } from '../ModelChooser';
import { StatusBadge } from '../StatusBadge';

interface TryScenarioProps {
  /** The saved version the scenario belongs to (a draft with unsaved changes is saved first). */
  definitionId: string;
  scenarioId: string;
}

export function TryScenario({ definitionId, scenarioId }: TryScenarioProps): React.JSX.Element {
  const providers = useProviders().data;
  const catalog = useCatalog().data;
  const createRun = useCreateRun().mutate;
  const [chosen, setChosen] = useState<ModelDraft | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useWatchedRun(runId, { pollMs: 400 }).data;
  const settled = run !== null && isRunSettled(run);
  const answer = useRoute('runs.transcripts', { runId: runId ?? '', limit: 1 }, { enabled: settled }).data?.[0];

  const providerId = providers?.find(isProviderReady)?.providerId ?? providers?.[0]?.providerId ?? 'openai';
  const suggested = modelsOf(catalog, providerId).find((m) => m.isAvailable);
  const draft: ModelDraft = chosen ?? {
    providerId,
    modelId: suggested?.id ?? '',
    version: suggested?.defaultVersion ?? '',
  };

  async function start(): Promise<void> {
    setError(null);
    try {
      const created = await createRun({
        definitionId,
        scenarioIds: [scenarioId],
        test: true,
        models: [
          {
            providerId: draft.providerId || 'openai',
            modelId: draft.modelId.trim(),
            modelVersion: draft.version.trim() || null,
          },
        ],
      });
      setRunId(created.id);
    } catch (thrown) {
      setError(toApiError(thrown));
    }
  }

  const busy = runId !== null && !settled;
  return (
    <div className="try-scenario" data-testid="try-scenario">
      <div className="field-row">
        {providers ? (
          <ModelChooser providers={providers} catalog={catalog} value={draft} onChange={setChosen} disabled={busy} />
        ) : null}
        <button
          type="button"
          className="button"
          disabled={busy || !draft.modelId.trim()}
          data-testid="try-scenario-start"
          onClick={() => void start()}
        >
          {busy ? 'Asking…' : 'Try this scenario'}
        </button>
      </div>
      {error ? <ErrorBox error={error} title="The scenario could not be tried" /> : null}
      {run ? (
        <p data-testid="try-scenario-outcome">
          <StatusBadge status={run.status} /> <a href={links.run(run.id)}>test run</a>
          {answer ? (
            <>
              {' '}
              · decision <strong data-testid="try-scenario-decision">{answer.decision}</strong>
              {answer.score !== null ? ` (${answer.score})` : ''}
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
