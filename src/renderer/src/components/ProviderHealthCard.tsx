/** One provider's live health (the top of its Settings card): status from a real check, when it was checked, the provider's own error and a fix. */
import type { ProviderHealth } from '@shared/providers';
import { formatDateTime, plural } from '../lib/format';

const STATUS_TEXT: Record<ProviderHealth['status'], string> = {
  connected: 'connected',
  not_configured: 'not configured',
  error: 'error',
};

function keyText(p: ProviderHealth): string {
  if (p.keySource === 'none') return p.local || p.providerId === 'compat' ? 'no key needed' : 'no key';
  const from = p.keySource === 'settings' ? 'saved in the app' : 'from the environment';
  return `key ${from}${p.keyLast4 ? ` ending …${p.keyLast4}` : ''}`;
}

/**
 * The core's fix hint as read on the provider's own Settings card: "enter it in Settings → Mistral" points at the page
 * the person is already on, so it says "on this card" instead.
 */
export function hintOnCard(hint: string): string {
  return hint.replace(/ in Settings → .+?( or set |\.$|$)/, ' on this card$1');
}

export function ProviderHealthCard({
  health,
  checking,
  onCheck,
}: {
  health: ProviderHealth;
  checking: boolean;
  onCheck(): void;
}): React.JSX.Element {
  const id = health.providerId;
  return (
    <div className={`provider-health is-${health.status}`} data-testid={`health-${id}`}>
      <div className="provider-health-head">
        <span className="muted small">Health</span>
        <span className={`badge badge-health-${health.status}`} data-testid={`health-status-${id}`}>
          {STATUS_TEXT[health.status]}
        </span>
        <button
          type="button"
          className="button-link"
          disabled={checking}
          data-testid={`health-recheck-${id}`}
          onClick={onCheck}
        >
          {checking ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <p className="muted small">
        <span className="mono">{health.baseUrl}</span> · {keyText(health)} · checked{' '}
        <time dateTime={health.checkedAt} data-testid={`health-checked-${id}`}>
          {formatDateTime(health.checkedAt)}
        </time>
        {health.status === 'connected' && health.latencyMs !== null
          ? ` · ${Math.round(health.latencyMs)} ms, ${plural(health.modelCount ?? 0, 'model')} listed`
          : null}
      </p>
      {health.error ? (
        <p className="provider-health-error" data-testid={`health-error-${id}`}>
          <span className="mono">{health.error.code}</span> {health.error.message}
        </p>
      ) : null}
      {health.hint ? (
        <p className="provider-health-hint" data-testid={`health-hint-${id}`}>
          {hintOnCard(health.hint)}
        </p>
      ) : null}
    </div>
  );
}
