/** "Start run" for one definition: choose models, see how many jobs that makes, and create the run exactly once per submission. */
import { useRef, useState } from 'react';
import { isLargeRun, LARGE_RUN_SCENARIOS, MAX_RUN_JOBS, tooManyJobsMessage, type ModelRef } from '@shared/domain';
import { toApiError, type ApiError } from '../api/errors';
import { newRequestId } from '../lib/ids';
import { formatCount, plural } from '../lib/format';
import { DEFAULT_RUN_OPTIONS, draftsFrom, parseRunOptions, type RunOptionDrafts } from '../lib/run-options';
import { isProviderReady, useProviders } from '../data/providers';
import { useCreateRun, useRunPreview } from '../data/runs';
import { links, useRouter } from '../stores/router';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';
import { ModelPicker } from './ModelPicker';
import { Notice } from './Notice';
import { BatchModeOption, batchRefusals } from './BatchModeOption';
import { RunOptionsFields } from './RunOptionsFields';
import { useRunCost } from './cost/useRunCost';
import { useChosenHealth } from './useChosenHealth';

/**
 * How many scenarios the run will have, as the core will select them (sampling included): exact at 100% without a
 * call; for a sample, null until the core has answered for exactly these options (never a stale figure).
 */
function useSampledScenarios(
  definitionId: string,
  sample: { samplePercentage: number; sampleSeed: number | null } | null,
  scenarioCount: number,
): number | null {
  const samplePercentage = sample?.samplePercentage ?? 100;
  const sampleSeed = sample?.sampleSeed ?? null;
  const valid = sample !== null;
  const preview = useRunPreview(
    valid && samplePercentage < 100 ? { definitionId, samplePercentage, sampleSeed } : null,
  );
  if (!valid) return null;
  if (samplePercentage >= 100) return scenarioCount;
  return preview?.scenarios ?? null;
}

interface StartRunFormProps {
  definitionId: string;
  scenarioCount: number;
}

export function StartRunForm({ definitionId, scenarioCount }: StartRunFormProps): React.JSX.Element {
  const providers = useProviders();
  const createRun = useCreateRun().mutate;
  const navigate = useRouter((state) => state.navigate);
  const [models, setModels] = useState<ModelRef[]>([]);
  const [drafts, setDrafts] = useState<RunOptionDrafts>(() => draftsFrom(DEFAULT_RUN_OPTIONS));
  const { options, errors } = parseRunOptions(drafts);
  const sampled = useSampledScenarios(definitionId, options, scenarioCount);
  const samples = options?.samples ?? 1;
  const jobCount = sampled === null ? null : sampled * models.length * samples;
  const tooMany = jobCount !== null && jobCount > MAX_RUN_JOBS;
  const [batch, setBatch] = useState(false);
  const mode = batch && batchRefusals(models, options).length === 0 ? ('batch' as const) : undefined;
  const cost = useRunCost({ definitionId, models, options, ...(mode ? { mode } : {}) });
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const inFlight = useRef(false);
  const requestId = useRef<string | null>(null);

  function changeModels(next: ModelRef[]): void {
    requestId.current = null;
    setModels(next);
  }

  function changeOptions(next: RunOptionDrafts): void {
    requestId.current = null;
    setDrafts(next);
  }

  // Every chosen provider's last health result, each checked once when first chosen (not only the first one's).
  const { blockers, stillChecking } = useChosenHealth(models);

  async function submit(): Promise<void> {
    if (inFlight.current || models.length === 0 || !options || blockers.length > 0 || tooMany) return;
    inFlight.current = true;
    // Over the cost threshold set in Settings, the person confirms first (a dialog); going back starts nothing.
    try {
      if (!(await cost.confirm())) return;
    } catch (thrown) {
      setError(toApiError(thrown));
      return;
    } finally {
      inFlight.current = false;
    }
    inFlight.current = true;
    setSubmitting(true);
    setError(null);
    requestId.current ??= newRequestId();
    try {
      // cost.confirm() above answered yes: under the threshold, or the person accepted the cost in its dialog.
      const run = await createRun({
        definitionId,
        models,
        options,
        requestId: requestId.current,
        costConfirmed: true,
        ...(mode ? { mode } : {}),
      });
      requestId.current = null;
      navigate(links.run(run.id));
    } catch (thrown) {
      const apiError = toApiError(thrown);
      // Keep the id only when the core may have received the request, so a retry cannot create a second run.
      if (!apiError.network) requestId.current = null;
      setError(apiError);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  const providerList = providers.data;
  // Providers of the chosen models that have no key (by display name, each once): the core would refuse the run.
  const unready = [
    ...new Set(
      models.flatMap((model) => {
        const provider = providerList?.find((candidate) => candidate.providerId === model.providerId);
        return provider && !isProviderReady(provider) ? [provider.displayName] : [];
      }),
    ),
  ];

  return (
    <section className="card" data-testid="start-run" aria-labelledby="start-run-heading">
      <h2 id="start-run-heading">Start a run</h2>
      <p className="muted">
        Every scenario is sent to every model you add; each pair (and each repeated sample) is one job.
      </p>

      {providerList === null ? (
        providers?.error ? (
          <ErrorBox error={providers.error} title="Could not load providers" testId="providers-error" />
        ) : (
          <Loading lines={1} label="Loading providers…" />
        )
      ) : (
        <ModelPicker providers={providerList} models={models} onChange={changeModels} disabled={submitting} />
      )}

      {providerList !== null && !providerList.some(isProviderReady) ? (
        <Notice tone="warning">
          No provider has an API key yet. Add one in <a href={links.settings()}>Settings</a>, or start the app with a
          key such as <code>OPENAI_API_KEY</code> in its environment.
        </Notice>
      ) : null}

      <RunOptionsFields drafts={drafts} errors={errors} onChange={changeOptions} disabled={submitting} />
      <BatchModeOption
        models={models}
        options={options}
        checked={batch}
        onChange={(next) => {
          requestId.current = null;
          setBatch(next);
        }}
        disabled={submitting}
      />

      <p className="run-summary" data-testid="run-summary">
        {!options ? (
          <span className="warning-text" data-testid="run-summary-invalid">
            Fix the options above to see how many jobs this run has.
          </span>
        ) : sampled === null ? (
          'Counting the sampled scenarios…'
        ) : (
          <>
            {plural(sampled, 'scenario')}
            {options.samplePercentage < 100
              ? ` (${options.samplePercentage}% sample of ${formatCount(scenarioCount)})`
              : ''}{' '}
            × {plural(models.length, 'model')}
            {samples > 1 ? <> × {plural(samples, 'sample')}</> : null} = <strong>{plural(jobCount ?? 0, 'job')}</strong>
          </>
        )}
      </p>

      {cost.panel}

      {tooMany ? (
        <Notice tone="warning" testId="too-many-jobs">
          {tooManyJobsMessage(jobCount!)}
        </Notice>
      ) : sampled !== null && isLargeRun(sampled, samples) ? (
        <Notice tone="warning" testId="large-run-warning">
          {samples > 1
            ? `This run sends each model ${(sampled * samples).toLocaleString()} requests ` +
              `(${plural(sampled, 'scenario')} × ${samples} samples, more than ${LARGE_RUN_SCENARIOS.toLocaleString()}): ` +
              `${plural(sampled * samples * models.length, 'job')} in all`
            : `This run has ${sampled.toLocaleString()} scenarios (more than ${LARGE_RUN_SCENARIOS.toLocaleString()}). ` +
              `Each model adds ${sampled.toLocaleString()} provider calls`}
          , which can take a long time and cost money. You can still start it, or take a sample or fewer samples under
          Options.
        </Notice>
      ) : null}

      {unready.length > 0 ? (
        <Notice tone="warning" testId="no-key-warning">
          No API key for {unready.join(', ')}: the run cannot start. Add a key in{' '}
          <a href={links.settings()}>Settings</a> first.
        </Notice>
      ) : null}

      {blockers.length > 0 ? (
        <Notice tone="warning" testId="health-blocked">
          {blockers.map((reason) => (
            <span key={reason} className="block">
              {reason}
            </span>
          ))}{' '}
          Fix it in <a href={links.settings()}>Settings</a>, then check again there.
        </Notice>
      ) : null}

      {error ? <ErrorBox error={error} title="The run was not started" testId="start-run-error" /> : null}
      {cost.dialog}

      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="start-run-button"
          disabled={
            models.length === 0 || unready.length > 0 || !options || blockers.length > 0 || tooMany || submitting
          }
          onClick={() => void submit()}
        >
          {submitting ? 'Starting…' : 'Start run'}
        </button>
        {models.length === 0 ? (
          <span className="muted">Add at least one model.</span>
        ) : !options ? (
          <span className="muted" data-testid="start-run-blocked">
            Some options are not valid.
          </span>
        ) : blockers.length > 0 ? (
          <span className="muted" data-testid="start-run-blocked">
            A provider cannot be used until it is fixed.
          </span>
        ) : stillChecking ? (
          <span className="muted">Checking the providers…</span>
        ) : unready.length > 0 ? (
          <span className="muted" data-testid="start-run-blocked">
            {unready.join(', ')} {unready.length === 1 ? 'has' : 'have'} no API key.
          </span>
        ) : null}
      </div>
    </section>
  );
}
