/** Shows an error from the core plainly: its message (which carries line/field details) and any extra detail lines. */
import { errorDetailLines, type ApiError } from '../api/errors';

interface ErrorBoxProps {
  error: ApiError | Error | string;
  title?: string;
  testId?: string;
  onDismiss?: () => void;
}

export function ErrorBox({ error, title, testId = 'error', onDismiss }: ErrorBoxProps): React.JSX.Element {
  const message = typeof error === 'string' ? error : error.message;
  // Detail lines the message already spells out (the core often lists issues in both) are not repeated.
  const details = (typeof error === 'object' && 'details' in error ? errorDetailLines(error.details) : []).filter(
    (line) => !message.includes(line),
  );
  const code = typeof error === 'object' && 'code' in error ? String(error.code) : null;
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <div className="notice-body">
        {title ? <strong className="notice-title">{title}</strong> : null}
        <p className="notice-message">{message}</p>
        {details.length > 0 ? (
          <ul className="notice-details">
            {details.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        ) : null}
        {code && code !== 'INTERNAL' ? <span className="notice-code">{code}</span> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="button-link notice-dismiss" onClick={onDismiss} aria-label="Dismiss">
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
