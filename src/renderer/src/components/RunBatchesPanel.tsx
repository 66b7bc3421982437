/**
 * A batch run's chunks at the provider: state, request counts, age, time left before expiry, estimated and actual cost
 * at batch prices, and the plain sentence on what happens while this computer sleeps. When a batch expired or failed
 * partly done and jobs are still pending, it offers to finish the remainder in real time; a batch refused only for the
 * provider's queue is not that (its requests are sent again automatically) and says so. Nothing for a real-time run.
 */
import { BATCH_QUEUE_RESENT_SENTENCE, BATCH_RUN_SENTENCE, type BatchChunkView } from '@shared/batch';
import { formatUsd } from '@shared/prices';
import { endedPartlyDone, useFinishRealtime, useRunBatches } from '../data/batches';
import { ErrorBox } from './ErrorBox';

function hours(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function usd(value: number | null): string {
  return value === null ? '—' : formatUsd(value);
}

function Row({ chunk, now }: { chunk: BatchChunkView; now: number }): React.JSX.Element {
  const left = chunk.expiresAt && !chunk.collectedAt ? hours(Date.parse(chunk.expiresAt) - now) : '—';
  return (
    <tr data-testid="batch-chunk">
      <td>{chunk.chunkNo}</td>
      <td className="mono">{chunk.modelKey}</td>
      <td>
        {chunk.state}
        {chunk.providerStatus ? ` (${chunk.providerStatus})` : ''}
        {chunk.cancelRequested ? ', cancelled' : ''}
        {chunk.waiting ? (
          <div className="muted" data-testid="batch-chunk-waiting">
            {chunk.waiting}
          </div>
        ) : null}
        {chunk.queueRefused ? (
          <div className="muted" data-testid="batch-chunk-resent">
            {BATCH_QUEUE_RESENT_SENTENCE}
          </div>
        ) : null}
      </td>
      <td>{chunk.requests}</td>
      <td>{chunk.succeeded}</td>
      <td>
        {chunk.errored} / {chunk.expired} / {chunk.cancelled}
      </td>
      <td>{chunk.duplicates}</td>
      <td>{hours(now - Date.parse(chunk.createdAt))}</td>
      <td>{left}</td>
      <td>{usd(chunk.estimatedCostUsd)}</td>
      <td>{usd(chunk.actualCostUsd)}</td>
    </tr>
  );
}

function FinishRealtime({ runId, askedAt }: { runId: string; askedAt: string | null }): React.JSX.Element {
  const finish = useFinishRealtime();
  // Once pressed the run records it (its summary's finishRealtimeAt): a reload shows what happens, not the offer.
  if (askedAt && !finish.message)
    return (
      <p className="muted" data-testid="batch-finishing-realtime">
        The remainder is sent in real time (asked {new Date(askedAt).toLocaleString()}); batches already sent are still
        collected.
      </p>
    );
  return (
    <div className="run-controls" data-testid="batch-finish">
      <button
        type="button"
        className="button"
        data-testid="batch-finish-realtime"
        disabled={finish.busy || finish.message !== null}
        onClick={() =>
          void finish.run(
            { runId },
            (done) =>
              `${done.realtimeJobs} jobs are being sent in real time; batches already sent are still collected.`,
          )
        }
      >
        Finish the remainder in real time
      </button>
      {finish.message ? <p className="muted">{finish.message}</p> : null}
      {finish.error ? <ErrorBox error={finish.error} title="Could not finish in real time" /> : null}
    </div>
  );
}

/**
 * `pending`: the run's jobs still to do, waiting or in flight (0 once it has ended); `finishRealtimeAt`: when its
 * remainder was sent in real time (recorded in the run, so the offer does not come back after a reload).
 */
export function RunBatchesPanel({
  runId,
  pending = 0,
  finishRealtimeAt = null,
}: {
  runId: string;
  pending?: number;
  finishRealtimeAt?: string | null;
}): React.JSX.Element | null {
  const batches = useRunBatches(runId, pending > 0);
  const chunks = batches.data ?? [];
  if (chunks.length === 0) return null;
  // Ages and time left as of the answer shown (it is polled every few seconds while a batch is open).
  const now = batches.fetchedAt ?? Date.parse(chunks[0]!.createdAt);
  // A batch refused for the provider's queue says so in its row (its requests go again): not listed as an error.
  const errors = chunks.filter((c) => c.lastError && !c.queueRefused);
  return (
    <section className="section" data-testid="run-batches">
      <h2>Provider batches</h2>
      <p>{BATCH_RUN_SENTENCE}</p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>#</th>
            <th>Model</th>
            <th>State</th>
            <th>Requests</th>
            <th>Answered</th>
            <th>Errored / expired / cancelled</th>
            <th title="Answers paid for but not used: a job already answered">Paid duplicates</th>
            <th>Age</th>
            <th>Time left</th>
            <th>Estimated</th>
            <th>Paid</th>
          </tr>
        </thead>
        <tbody>
          {chunks.map((chunk) => (
            <Row key={chunk.id} chunk={chunk} now={now} />
          ))}
        </tbody>
      </table>
      {pending > 0 && (finishRealtimeAt || endedPartlyDone(chunks)) ? (
        <FinishRealtime runId={runId} askedAt={finishRealtimeAt} />
      ) : null}
      {errors.map((c) => (
        <p key={c.id} className="muted">
          Batch {c.chunkNo}: {c.lastError} (tried again later)
        </p>
      ))}
    </section>
  );
}
