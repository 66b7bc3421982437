/** A run's status as a coloured badge in plain words ("completed with errors"); the raw value stays in `data-status`. */
import type { RunStatus } from '@shared/domain';
import { statusText } from '../lib/format';

export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }): React.JSX.Element {
  return (
    <span className={`badge badge-${status}`} data-status={status} data-testid={testId}>
      {statusText(status)}
    </span>
  );
}
