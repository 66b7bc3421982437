/** A small bar chart of one model's decision distribution: plain CSS bars, one per scale code, refusals and unparseable last. */
import type { DecisionBucket } from '@shared/results';
import { barsChartFile } from '../lib/chart-export';
import { SaveChart } from './SaveChart';

export function DecisionBars({
  buckets,
  testId = 'decision-bars',
  title,
}: {
  buckets: DecisionBucket[];
  testId?: string;
  /** The chart's title (the model): given, the chart can be saved as SVG or PNG. */
  title?: string;
}): React.JSX.Element {
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  // Empty refusal/unparseable rows add nothing; scale rows stay so every chart has the same shape.
  const shown = buckets.filter((bucket) => bucket.kind === 'answer' || bucket.count > 0);
  const description = shown.map((bucket) => `${bucketName(bucket)}: ${bucket.count}`).join(', ');
  const bars = (
    <div className="decision-bars" role="img" aria-label={`Decisions: ${description}`} data-testid={testId}>
      {shown.map((bucket) => (
        <div
          key={`${bucket.kind}-${bucket.code ?? ''}`}
          className={`decision-bar decision-bar-${bucket.kind}${bucket.onScale || bucket.kind !== 'answer' ? '' : ' decision-bar-off'}`}
          title={`${bucketName(bucket)}: ${bucket.count}${total > 0 ? ` (${Math.round((bucket.count / total) * 100)}%)` : ''}`}
          data-testid="decision-bar"
          data-code={bucket.code ?? bucket.kind}
          data-count={bucket.count}
        >
          <span className="decision-bar-code">{bucket.code ?? (bucket.kind === 'refusal' ? 'R' : '?')}</span>
          <span className="decision-bar-track">
            <span className="decision-bar-fill" style={{ width: `${(bucket.count / max) * 100}%` }} />
          </span>
          <span className="decision-bar-count">{bucket.count}</span>
        </div>
      ))}
    </div>
  );
  if (!title) return bars;
  const chart = () =>
    barsChartFile(
      shown.map((b) => ({ label: bucketName(b), count: b.count })),
      title,
    );
  return (
    <div className="chart-frame">
      {bars}
      <SaveChart title={title} chart={chart} />
    </div>
  );
}

export function bucketName(bucket: DecisionBucket): string {
  if (bucket.code === null) return bucket.label;
  return `${bucket.code} – ${bucket.label}${bucket.onScale ? '' : ' (off scale)'}`;
}
