/** A small bar chart of one model's decision distribution: plain CSS bars, one per scale code, refusals and unparseable last. */
import type { DecisionBucket } from '@shared/results';

export function DecisionBars({
  buckets,
  testId = 'decision-bars',
}: {
  buckets: DecisionBucket[];
  testId?: string;
}): React.JSX.Element {
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  // Empty refusal/unparseable rows add nothing; scale rows stay so every chart has the same shape.
  const shown = buckets.filter((bucket) => bucket.kind === 'answer' || bucket.count > 0);
  const description = shown.map((bucket) => `${bucketName(bucket)}: ${bucket.count}`).join(', ');
  return (
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
}

export function bucketName(bucket: DecisionBucket): string {
  if (bucket.code === null) return bucket.label;
  return `${bucket.code} – ${bucket.label}${bucket.onScale ? '' : ' (off scale)'}`;
}
