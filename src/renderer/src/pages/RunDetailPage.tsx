/** One run: status and progress kept fresh by polling, the results as they arrive, each transcript, and CSV export. */
import { useState } from 'react';
import { isTerminalRunStatus, modelKey } from '@shared/domain';
import { formatUsd } from '@shared/prices';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { ModelKeys } from '../components/ModelKeyText';
import { RerunDialog } from '../components/RerunDialog';
import { RunActions } from '../components/RunActions';
import { RunBookkeeping } from '../components/RunBookkeeping';
import { RunCostPanel } from '../components/cost/RunCostPanel';
import { RunBatchesPanel } from '../components/RunBatchesPanel';
import { RunProgressPanel } from '../components/RunProgressPanel';
import { RunRelations } from '../components/RunRelations';
import { RunResults } from '../components/RunResults';
import { StatusBadge } from '../components/StatusBadge';
import { UnreadAnswersPanel } from '../components/UnreadAnswersPanel';
import { usePageTitle } from '../hooks/usePageTitle';
import { formatDateTime, plural, shortId } from '../lib/format';
import { cancellingRequests } from '../lib/run-state';
import { links } from '../stores/router';
import { useRun, useRunPage } from '../data/runs';

export function RunDetailPage({ id }: { id: string }): React.JSX.Element {
  const entry = useRunPage(id);
  const run = entry.data;
  const [rerunOpen, setRerunOpen] = useState(false);
  usePageTitle(run ? `Run of ${run.definitionName}` : 'Run');

  if (!run) {
    return (
      <div className="page">
        <p className="breadcrumb">
          <a href={links.runs()}>Runs</a>
        </p>
        {entry?.error ? <ErrorBox error={entry.error} title="Could not load this run" /> : <Loading lines={4} />}
      </div>
    );
  }

  const terminal = isTerminalRunStatus(run.status);
  const waiting = cancellingRequests(run);
  return (
    <div className="page">
      <p className="breadcrumb">
        <a href={links.runs()}>Runs</a> / <span className="mono">{shortId(run.id)}</span>
      </p>
      <header className="page-header">
        <div>
          <h1>
            Run of{' '}
            <a href={links.definition(run.definitionId)} data-testid="run-definition-link">
              {run.definitionName}
            </a>
          </h1>
          <p className="page-lede">
            <StatusBadge status={run.status} testId="run-status" />
            {waiting > 0 ? (
              <span className="count count-warn" data-testid="run-cancelling">
                {' '}
                cancelling: waiting for {plural(waiting, 'request')}
              </span>
            ) : null}{' '}
            ·{' '}
            <span className="mono model-key model-key-words" data-testid="run-models">
              <ModelKeys keys={run.models.map(modelKey)} />
            </span>{' '}
            · created {formatDateTime(run.createdAt)}
            {run.completedAt ? ` · finished ${formatDateTime(run.completedAt)}` : ''}
          </p>
          {run.options.samplePercentage < 100 ? (
            <p className="page-lede" data-testid="run-sample">
              Sample: {run.options.samplePercentage}% of the scenarios, seed {run.options.sampleSeed ?? 0}
            </p>
          ) : null}
        </div>
        <div className="page-header-side">
          {entry?.stale ? (
            <StaleIndicator message={entry.error?.message ?? null} ended={entry.error?.code === 'UNAUTHORIZED'} />
          ) : null}
          <RunActions
            run={run}
            stale={entry?.stale === true}
            rerunOpen={rerunOpen}
            onRerun={() => setRerunOpen(true)}
          />
        </div>
      </header>
      {rerunOpen ? <RerunDialog run={run} onClose={() => setRerunOpen(false)} /> : null}
      <RunBookkeeping key={run.id} run={run} />

      {!entry?.stale && entry?.error ? <ErrorBox error={entry.error} title="Could not refresh this run" /> : null}

      <RunProgressPanel run={run} />
      <RunBatchesPanel
        runId={run.id}
        pending={terminal ? 0 : run.progress.pending + run.progress.running}
        finishRealtimeAt={run.finishRealtimeAt}
      />
      <RunCostPanel run={run} />
      <UnreadAnswersPanel run={run} />
      <RunResults run={run} terminal={terminal} />
      <RunRelations run={run} />
      <RunFacts runId={run.id} />
    </div>
  );
}

/** Last known figures, marked: either the core is unreachable (polling goes on) or this page's session ended. */
function StaleIndicator({ message, ended }: { message: string | null; ended: boolean }): React.JSX.Element {
  return (
    <span className="stale" role="status" data-testid="stale" title={message ?? undefined}>
      {ended ? 'stale — this session ended; open the new link the app printed' : 'stale — reconnecting…'}
    </span>
  );
}

/** Run options and identifiers, tucked away: useful when citing a run, not needed while watching it. */
function RunFacts({ runId }: { runId: string }): React.JSX.Element | null {
  const run = useRun(runId).data;
  if (!run) return null;
  const options = run.options;
  return (
    <details className="section run-facts">
      <summary>Run details</summary>
      <dl className="facts">
        <div className="fact">
          <dt>Run id</dt>
          <dd className="mono">{run.id}</dd>
        </div>
        <div className="fact">
          <dt>Type</dt>
          <dd>{run.runType}</dd>
        </div>
        <div className="fact">
          <dt>Sent as</dt>
          <dd data-testid="run-mode">
            {run.mode === 'batch' ? 'provider batches (batch mode)' : 'real-time requests'}
            {run.finishRealtimeAt ? `; remainder in real time since ${formatDateTime(run.finishRealtimeAt)}` : ''}
          </dd>
        </div>
        <div className="fact">
          <dt>Sample</dt>
          <dd>
            {options.samplePercentage}%{options.sampleSeed !== null ? ` (seed ${options.sampleSeed})` : ''}
          </dd>
        </div>
        <div className="fact">
          <dt>Temperature</dt>
          <dd>{options.temperature ?? 'provider default'}</dd>
        </div>
        <div className="fact">
          <dt>Max tokens</dt>
          <dd>{options.maxTokens ?? 'provider default'}</dd>
        </div>
        {options.maxCost !== null ? (
          <div className="fact">
            <dt>Spending cap</dt>
            <dd data-testid="run-max-cost">{formatUsd(options.maxCost)}</dd>
          </div>
        ) : null}
        <div className="fact">
          <dt>Queued</dt>
          <dd>{formatDateTime(run.queuedAt)}</dd>
        </div>
        <div className="fact">
          <dt>Started</dt>
          <dd>{formatDateTime(run.startedAt)}</dd>
        </div>
        <div className="fact">
          <dt>Finished</dt>
          <dd>{formatDateTime(run.completedAt)}</dd>
        </div>
        {run.parentRunId ? (
          <div className="fact">
            <dt>Re-run of</dt>
            <dd>
              <a href={links.run(run.parentRunId)} className="mono">
                {shortId(run.parentRunId)}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
    </details>
  );
}
