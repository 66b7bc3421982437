/** A horizontal bar showing completed and failed work as separate segments of the total. */
import type { Progress } from '@shared/domain';

export function ProgressBar({
  progress,
  compact = false,
}: {
  progress: Progress;
  compact?: boolean;
}): React.JSX.Element {
  const total = Math.max(progress.total, 0);
  const share = (count: number): string => (total === 0 ? '0%' : `${(Math.min(count, total) / total) * 100}%`);
  return (
    <div
      className={`progress ${compact ? 'progress-compact' : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={progress.completed}
      aria-label={`${progress.completed} of ${total} completed, ${progress.failed} failed`}
    >
      <div className="progress-completed" style={{ width: share(progress.completed) }} />
      <div className="progress-failed" style={{ width: share(progress.failed) }} />
      <div className="progress-running" style={{ width: share(progress.running) }} />
    </div>
  );
}
