/** The core's health at a glance: database, Python worker, scheduler and how secrets are stored. */
import { useEffect } from 'react';
import type { SystemHealth } from '@shared/domain';
import { useProviders } from '../stores/providers';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';

export function SystemHealthBox(): React.JSX.Element {
  const health = useProviders((state) => state.health);
  const loadHealth = useProviders((state) => state.loadHealth);

  useEffect(() => {
    void loadHealth();
  }, [loadHealth]);

  return (
    <section className="card" data-testid="system-health" aria-labelledby="system-heading">
      <div className="section-header">
        <h2 id="system-heading">System</h2>
        <button type="button" className="button-link" disabled={health?.loading} onClick={() => void loadHealth()}>
          {health?.loading ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {health?.error ? (
        <ErrorBox error={health.error} title="Could not read system health" testId="health-error" />
      ) : null}
      {health?.data ? <HealthRows health={health.data} /> : health?.error ? null : <Loading lines={2} />}
    </section>
  );
}

function HealthRows({ health }: { health: SystemHealth }): React.JSX.Element {
  const { database, pythonWorker, scheduler, secrets } = health;
  return (
    <>
      <dl className="health">
        <Row
          label="Database"
          ok={database.ok}
          status={database.ok ? 'ok' : 'unavailable'}
          detail={database.message ?? database.path}
        />
        <Row
          label="Python worker"
          ok={pythonWorker.status === 'online'}
          status={pythonWorker.status}
          detail={
            pythonWorker.message ??
            `${pythonWorker.python ?? 'python not found'} · ${pythonWorker.processes} process(es) · ${pythonWorker.restarts} restart(s)`
          }
        />
        <Row
          label="Scheduler"
          ok={scheduler.status === 'online'}
          status={scheduler.status}
          detail={`${scheduler.activeJobs} active job(s)`}
        />
        <Row
          label="Secrets storage"
          ok={secrets.persistent && !secrets.warning}
          status={secrets.kind}
          detail={secrets.persistent ? 'keys are kept between sessions' : 'keys are kept for this session only'}
        />
      </dl>
      {secrets.warning ? (
        <p className="warning-text" data-testid="secrets-warning">
          {secrets.warning}
        </p>
      ) : null}
    </>
  );
}

function Row({
  label,
  ok,
  status,
  detail,
}: {
  label: string;
  ok: boolean;
  status: string;
  detail: string;
}): React.JSX.Element {
  return (
    <div className="health-row">
      <dt>{label}</dt>
      <dd>
        <span className={`dot ${ok ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
        <strong>{status}</strong> <span className="muted">{detail}</span>
      </dd>
    </div>
  );
}
