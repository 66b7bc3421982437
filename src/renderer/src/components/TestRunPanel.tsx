/**
 * "Test Run" (FR-000g): one scenario × one model end to end — queued as a test run, executed by the scheduler and the
 * Python worker like any run — then the transcript it created, so a researcher knows the whole path works.
 */
import { useEffect, useRef, useState } from 'react';
import type { RunDetail, TranscriptDetail } from '@shared/domain';
import { toApiError, type ApiError } from '../api/errors';
import { useDefinitionList } from '../data/definitions';
import { useCatalog, useKnownHealth } from '../data/health';
import { isProviderReady, useProviders } from '../data/providers';
import { useCreateRun, useWatchedRun } from '../data/runs';
import { useRoute } from '../hooks/useRoute';
import { isRunSettled } from '../lib/run-state';
import { links } from '../stores/router';
import { ErrorBox } from './ErrorBox';
import { ModelChooser, modelsOf, type ModelDraft } from './ModelChooser';
import { StatusBadge } from './StatusBadge';
import { TranscriptView } from './TranscriptView';

const POLL_MS = 400;

type Phase = { kind: 'idle' } | { kind: 'running'; runId: string };

export function TestRunPanel(): React.JSX.Element {
  const providers = useProviders().data;
  const catalog = useCatalog().data;
  const report = useKnownHealth().data;
  const createRun = useCreateRun().mutate;
  const definitionList = useDefinitionList();
  const definitions = definitionList.data;
  const [chosenDefinition, setDefinitionId] = useState('');
  // Until the person chooses, the first definition and its first scenario.
  const definitionId = chosenDefinition || definitions?.[0]?.id || '';
  const scenarioList = useRoute(
    'definitions.scenarios',
    { definitionId, offset: 0, limit: 200 },
    {
      enabled: definitionId !== '',
    },
  );
  const scenarios = definitionId ? (scenarioList.data ?? []) : [];
  const [chosenScenario, setScenarioId] = useState('');
  const scenarioId = scenarios.some((s) => s.id === chosenScenario) ? chosenScenario : (scenarios[0]?.id ?? '');
  const [chosen, setDraft] = useState<ModelDraft | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [startError, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);
  // The same watcher as the run page, faster: a test run is one request.
  const runId = phase.kind === 'idle' ? null : phase.runId;
  const watched = useWatchedRun(runId, { pollMs: POLL_MS });
  const run = runId ? watched.data : null;
  const settled = run !== null && isRunSettled(run);
  // Once it settled, the transcript it created (if any).
  const first = useRoute('runs.transcripts', { runId: runId ?? '', limit: 1 }, { enabled: settled });
  const firstId = settled ? (first.data?.[0]?.id ?? null) : null;
  const detail = useRoute('transcripts.get', { id: firstId ?? '' }, { enabled: firstId !== null });
  const done = settled && first.data !== null && (firstId === null || detail.data !== null);
  const transcript: TranscriptDetail | null = firstId ? detail.data : null;
  const error = startError ?? (settled ? (first.error ?? detail.error) : null);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // Until the person chooses, suggest a provider System Health found connected (else one with a key) and its first
  // available model at its default version.
  const draft: ModelDraft | null = chosen ?? suggest();
  function suggest(): ModelDraft | null {
    if (!providers) return null;
    const connected = report?.providers.find((p) => p.status === 'connected')?.providerId;
    const providerId = connected ?? providers.find(isProviderReady)?.providerId ?? providers[0]?.providerId ?? 'openai';
    const model = modelsOf(catalog, providerId).find((m) => m.isAvailable);
    return { providerId, modelId: model?.id ?? '', version: model?.defaultVersion ?? '' };
  }

  async function start(): Promise<void> {
    if (!draft || !draft.providerId || !draft.modelId.trim() || !scenarioId) return;
    const providerId = draft.providerId;
    setError(null);
    try {
      const created = await createRun({
        definitionId,
        scenarioIds: [scenarioId],
        test: true,
        models: [{ providerId, modelId: draft.modelId.trim(), modelVersion: draft.version.trim() || null }],
      });
      if (alive.current) setPhase({ kind: 'running', runId: created.id });
    } catch (thrown) {
      if (!alive.current) return;
      setError(toApiError(thrown));
      setPhase({ kind: 'idle' });
    }
  }

  const busy = phase.kind === 'running' && !done;
  return (
    <section className="card" data-testid="test-run" aria-labelledby="test-run-heading">
      <h2 id="test-run-heading">Test Run</h2>
      <p className="muted small">
        One scenario against one model, end to end: queue, Python worker, provider, transcript.
      </p>
      {definitions && definitions.length === 0 ? (
        <p data-testid="test-run-no-definitions">
          Import a definition first on the <a href={links.definitions()}>Definitions</a> page.
        </p>
      ) : (
        <>
          <div className="field-row">
            <label className="field field-grow">
              <span className="field-label">Definition</span>
              <select
                value={definitionId}
                disabled={busy}
                data-testid="test-run-definition"
                onChange={(e) => setDefinitionId(e.currentTarget.value)}
              >
                {(definitions ?? []).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-grow">
              <span className="field-label">Scenario</span>
              <select
                value={scenarioId}
                disabled={busy}
                data-testid="test-run-scenario"
                onChange={(e) => setScenarioId(e.currentTarget.value)}
              >
                {scenarios.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.id}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {providers && draft ? (
            <div className="field-row">
              <ModelChooser providers={providers} catalog={catalog} value={draft} onChange={setDraft} disabled={busy} />
              <button
                type="button"
                className="button button-primary"
                disabled={busy || !draft.modelId.trim() || !scenarioId}
                data-testid="test-run-start"
                onClick={() => void start()}
              >
                {busy ? 'Running…' : 'Run test'}
              </button>
            </div>
          ) : null}
        </>
      )}
      {definitionList.error ? <ErrorBox error={definitionList.error} title="Could not load definitions" /> : null}
      {error ? <ErrorBox error={error} title="The test run could not start" testId="test-run-error" /> : null}
      {phase.kind !== 'idle' && run ? <Outcome run={run} done={done} transcript={transcript} /> : null}
    </section>
  );
}

interface OutcomeProps {
  run: RunDetail;
  done: boolean;
  transcript: TranscriptDetail | null;
}

function Outcome({ run, done, transcript }: OutcomeProps): React.JSX.Element {
  return (
    <div className="test-run-outcome" data-testid="test-run-outcome">
      <p>
        <StatusBadge status={run.status} testId="test-run-status" /> <a href={links.run(run.id)}>run {run.id}</a>
      </p>
      {run.errorSummary.map((e) => (
        <p key={e.code} className="warning-text" data-testid="test-run-failure">
          <span className="mono">{e.code}</span> {e.example}
        </p>
      ))}
      {done ? (
        transcript ? (
          <>
            <p className="success-text" data-testid="test-run-ok">
              A transcript was created: the whole path works.
            </p>
            <TranscriptView transcript={transcript} />
          </>
        ) : (
          <p className="warning-text">No transcript was created.</p>
        )
      ) : null}
    </div>
  );
}
