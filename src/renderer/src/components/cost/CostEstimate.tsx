/** The estimate before a run: per model, estimated input and output tokens, the price used and the cost; the total. */
import { describeBasis, formatUsd, type RunEstimate } from '@shared/prices';
import { formatCount } from '../../lib/format';

export function CostEstimate({
  estimate,
  threshold,
}: {
  estimate: RunEstimate | null;
  threshold: number | null;
}): React.JSX.Element {
  if (!estimate) {
    return (
      <p className="muted" data-testid="cost-estimate-loading">
        Estimating tokens and cost…
      </p>
    );
  }
  const over = threshold !== null && estimate.costUsd > threshold;
  return (
    <details className="cost-estimate" data-testid="cost-estimate">
      <summary>
        Estimated cost: <strong data-testid="cost-estimate-total">{formatUsd(estimate.costUsd)}</strong>
        {estimate.unpriced.length > 0 ? (
          <span className="warning-text" data-testid="cost-estimate-unpriced">
            {' '}
            + unknown ({estimate.unpriced.length} model{estimate.unpriced.length === 1 ? '' : 's'} with no price)
          </span>
        ) : null}
        {over ? (
          <span className="warning-text"> — over your {formatUsd(threshold)} limit: you will be asked</span>
        ) : null}
      </summary>
      <table className="table table-compact" data-testid="cost-estimate-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Input tokens</th>
            <th scope="col">Output tokens</th>
            <th scope="col">Price</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {estimate.perModel.map((m) => (
            <tr key={m.modelKey} data-testid="cost-estimate-row">
              <td>{m.modelKey}</td>
              <td>~{formatCount(m.inputTokens)}</td>
              <td>~{formatCount(m.outputTokens)}</td>
              <td>{describeBasis(m.basis)}</td>
              <td>{m.costUsd === null ? 'no price' : formatUsd(m.costUsd)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>Total</td>
            <td>~{formatCount(estimate.inputTokens)}</td>
            <td>~{formatCount(estimate.outputTokens)}</td>
            <td />
            <td>{formatUsd(estimate.costUsd)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted small">
        Input: the prompts’ characters (system prompt included) ÷ 4. Output:{' '}
        {estimate.outputSource === 'maxTokens'
          ? `max tokens (${formatCount(estimate.outputTokensPerJob)}) per answer, an upper bound`
          : `${formatCount(estimate.outputTokensPerJob)} tokens per answer (no max tokens set)`}
        . Prices can be edited in Settings.
      </p>
    </details>
  );
}
