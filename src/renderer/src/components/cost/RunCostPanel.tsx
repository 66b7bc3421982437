/** A run's tokens and cost so far, per model and in total, from the usage the providers reported. */
import type { RunDetail } from '@shared/domain';
import { describeBasis, formatUsd } from '@shared/prices';
import { formatCount } from '../../lib/format';

export function RunCostPanel({ run }: { run: RunDetail }): React.JSX.Element {
  const { cost } = run;
  return (
    <section className="section" aria-labelledby="run-cost-heading" data-testid="run-cost">
      <h2 id="run-cost-heading">
        Cost so far: <span data-testid="run-cost-total">{formatUsd(cost.costUsd)}</span>
        {cost.unpriced.length > 0 ? <span className="warning-text"> + unknown (no price)</span> : null}
      </h2>
      <table className="table table-compact" data-testid="run-cost-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Input tokens</th>
            <th scope="col">Output tokens</th>
            <th scope="col">Answers with usage</th>
            <th scope="col">Price</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {cost.perModel.map((m) => (
            <tr key={m.modelKey} data-testid="run-cost-row">
              <td>{m.modelKey}</td>
              <td>{formatCount(m.inputTokens)}</td>
              <td>{formatCount(m.outputTokens)}</td>
              <td>
                {formatCount(m.reported)} of {formatCount(m.transcripts)}
              </td>
              <td>{describeBasis(m.basis)}</td>
              <td>{m.costUsd === null ? 'no price' : formatUsd(m.costUsd)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>Total</td>
            <td>{formatCount(cost.inputTokens)}</td>
            <td>{formatCount(cost.outputTokens)}</td>
            <td />
            <td />
            <td>{formatUsd(cost.costUsd)}</td>
          </tr>
        </tfoot>
      </table>
      {cost.tiers ? (
        <p className="small" data-testid="run-cost-tiers">
          Batch: <span data-testid="run-cost-batch">{formatUsd(cost.tiers.batch.costUsd)}</span> for{' '}
          {formatCount(cost.tiers.batch.inputTokens)} input + {formatCount(cost.tiers.batch.outputTokens)} output tokens
          at the batch price (paid duplicates included); real time:{' '}
          <span data-testid="run-cost-realtime">{formatUsd(cost.tiers.realtime.costUsd)}</span> for{' '}
          {formatCount(cost.tiers.realtime.inputTokens)} input + {formatCount(cost.tiers.realtime.outputTokens)} output
          tokens at the real-time price.
        </p>
      ) : null}
      <p className="muted small">
        Tokens as the providers reported them.{' '}
        {cost.pricesFrom === 'run-start'
          ? 'Priced as recorded when the run was created: a later price edit does not change it.'
          : 'This run predates price recording: priced with today’s table.'}
      </p>
    </section>
  );
}
