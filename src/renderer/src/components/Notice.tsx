/** Calm, non-error messages (information, warnings, success) in one consistent box. */
import type { ReactNode } from 'react';

interface NoticeProps {
  tone?: 'info' | 'warning' | 'success';
  children: ReactNode;
  testId?: string;
  onDismiss?: () => void;
}

export function Notice({ tone = 'info', children, testId, onDismiss }: NoticeProps): React.JSX.Element {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'warning' ? 'alert' : 'status'} data-testid={testId}>
      <div className="notice-body">{children}</div>
      {onDismiss ? (
        <button type="button" className="button-link notice-dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
