/** A run's status as a coloured badge whose text is the raw status value (what tests and the CLI see). */
import type { RunStatus } from '@shared/domain';
import { statusLabel } from '../lib/format';

export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }): React.JSX.Element {
  return (
    <span className={`badge badge-${status}`} title={statusLabel(status)} data-testid={testId}>
      {status}
    </span>
  );
}
