/**
 * System Health (User Story 0): whether a run can start, the Python worker and the database, each with what to do when
 * it is not working. Every provider is checked for real when the section opens and on "Check all again"; each
 * provider's result is shown on its own card under Providers.
 */
import type { HealthReport } from '@shared/providers';
import { contactHosts } from '../lib/contact-hosts';
import { formatDateTime, plural } from '../lib/format';
import { useHealthReport } from '../data/health';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';

export function SystemHealthBox(): React.JSX.Element {
  const report = useHealthReport();
  const checkAll = report.reload;
  const data = report.data;
  return (
    <section className="card" data-testid="system-health" aria-labelledby="system-heading">
      <div className="section-header">
        <h2 id="system-heading">System Health</h2>
        <button
          type="button"
          className="button"
          disabled={report?.loading}
          data-testid="health-check-all"
          onClick={() => void checkAll()}
        >
          {report?.loading ? 'Checking…' : 'Check all again'}
        </button>
      </div>
      {report?.error ? (
        <ErrorBox error={report.error} title="Could not check system health" testId="health-error" />
      ) : null}
      {data ? (
        <>
          <ReadyLine report={data} />
          <CoreRows report={data} />
          <ContactedHosts report={data} />
        </>
      ) : report?.error ? null : (
        <Loading lines={3} />
      )}
    </section>
  );
}

function ReadyLine({ report }: { report: HealthReport }): React.JSX.Element {
  const connected = report.providers.filter((p) => p.status === 'connected').map((p) => p.displayName);
  return (
    <p className={report.readyToRun ? 'success-text' : 'warning-text'} data-testid="health-ready">
      {report.readyToRun
        ? `Ready to run with ${connected.join(', ')}.`
        : connected.length === 0
          ? 'Not ready: no provider is connected. Add a key below or start a local model server.'
          : 'Not ready: fix the items marked below.'}{' '}
      <span className="muted small">Checked {formatDateTime(report.checkedAt)}.</span>
    </p>
  );
}

function CoreRows({ report }: { report: HealthReport }): React.JSX.Element {
  const { database, pythonWorker: worker, scheduler, secrets } = report;
  return (
    <>
      <dl className="health">
        <Row
          label="Database"
          ok={database.ok}
          status={database.ok ? 'ok' : 'unavailable'}
          detail={database.message ?? database.path}
          testId="health-database"
        />
        <Row
          label="Python worker"
          ok={worker.status === 'online'}
          status={worker.status}
          detail={
            (worker.status === 'online'
              ? `Python ${worker.python ?? '?'} · ${plural(worker.processes, 'process', 'processes')} · ${plural(worker.restarts, 'restart')}`
              : (worker.message ?? 'not running')) +
            ` · ${worker.interpreter.command} (from ${worker.interpreter.source})`
          }
          testId="health-worker"
        />
        <Row
          label="Scheduler"
          ok={scheduler.status === 'online'}
          status={scheduler.status}
          detail={`${scheduler.activeJobs} active job(s)`}
          testId="health-scheduler"
        />
        <Row
          label="Key storage"
          ok={secrets.persistent && !secrets.warning}
          status={secrets.kind}
          detail={secrets.persistent ? 'keys are kept between sessions' : 'keys are kept for this session only'}
          testId="health-secrets"
        />
      </dl>
      {worker.interpreter.settingsProblem ? (
        <p className="warning-text" data-testid="health-python-settings">
          {worker.interpreter.settingsProblem}
        </p>
      ) : null}
      {worker.hint ? (
        <p className="warning-text" data-testid="health-worker-hint">
          {worker.hint}
        </p>
      ) : null}
      {secrets.warning ? (
        <p className="warning-text" data-testid="secrets-warning">
          {secrets.warning}
        </p>
      ) : null}
    </>
  );
}

/** Every host the app contacts: the configured providers' hosts, nothing else (issue 22). */
function ContactedHosts({ report }: { report: HealthReport }): React.JSX.Element {
  const hosts = contactHosts(report.providers);
  return (
    <div data-testid="health-hosts">
      <h3>Network contact</h3>
      {hosts.length === 0 ? (
        <p className="muted" data-testid="health-hosts-none">
          The app contacts no host: no provider is set up.
        </p>
      ) : (
        <>
          <p className="muted small">
            The app connects only to these hosts, the providers set up in Settings. It sends nothing anywhere else.
          </p>
          <ul>
            {hosts.map((h) => (
              <li key={h.host} data-testid={`health-host-${h.host}`}>
                <code>{h.host}</code>{' '}
                <span className="muted">{`${h.providers.join(', ')}${h.local ? ' (this computer)' : ''}`}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Row({
  label,
  ok,
  status,
  detail,
  testId,
}: {
  label: string;
  ok: boolean;
  status: string;
  detail: string;
  testId: string;
}): React.JSX.Element {
  return (
    <div className="health-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className={`dot ${ok ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
        <strong>{status}</strong> <span className="muted">{detail}</span>
      </dd>
    </div>
  );
}
