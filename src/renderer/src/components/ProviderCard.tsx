/**
 * One provider, everything in one card: its live health, base URL, where its key comes from (last 4 characters at
 * most), saving or removing a key, and parallel requests. Saving re-checks the provider, so the card never contradicts itself.
 */
import { useState } from 'react';
import type { ProviderSettingsView } from '@shared/domain';
import { useAction } from '../hooks/useAction';
import { useKnownHealth, useProviderCheck } from '../data/health';
import { useSaveProvider } from '../data/providers';
import { ErrorBox } from './ErrorBox';
import { ProviderHealthCard } from './ProviderHealthCard';

export function keyStatusText(provider: ProviderSettingsView): string {
  const last4 = provider.keyLast4 ? ` ending …${provider.keyLast4}` : '';
  if (provider.keySource === 'settings') return `Key saved in the app${last4}`;
  if (provider.keySource === 'environment') {
    return `Key from environment variable ${provider.envKeyName ?? ''}${last4}`.replace(/\s+/g, ' ').trim();
  }
  return provider.keyRequired ? 'No key' : 'No key needed';
}

/** '' → null (the default); a whole number 1–256 → itself; anything else → undefined (not savable). */
function parseLimit(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 && value <= 256 ? value : undefined;
}

export function ProviderCard({ provider }: { provider: ProviderSettingsView }): React.JSX.Element {
  const save = useSaveProvider().mutate;
  const id = provider.providerId;
  const report = useKnownHealth();
  const health = report.data?.providers.find((p) => p.providerId === id);
  const { checking: rechecking, checkOne } = useProviderCheck();
  const checking = rechecking.includes(id) || report.loading;
  const [draftUrl, setDraftUrl] = useState<string | null>(null);
  // The text of the parallel-requests field while it is being edited; '' means "use the default".
  const [draftLimit, setDraftLimit] = useState<string | null>(null);
  const [apiKey, setApiKey] = useState('');
  const action = useAction();
  const { busy, message, error } = action;
  const [confirmRemove, setConfirmRemove] = useState(false);
  const baseUrl = draftUrl ?? provider.baseUrl;
  const limitText = draftLimit ?? (provider.concurrency === null ? '' : String(provider.concurrency));
  const limit = parseLimit(limitText);
  const limitChanged = draftLimit !== null && limit !== undefined && limit !== provider.concurrency;
  // Only a base URL the person changed is sent: the field shows the environment's or the default URL, and saving that
  // would pin it in the settings so a later *_BASE_URL in the environment would be ignored.
  const urlChanged = draftUrl !== null && draftUrl.trim() !== provider.baseUrl;
  const changed = urlChanged || apiKey.trim().length > 0 || limitChanged;

  async function submit(nextKey: string | null | undefined, done: string): Promise<void> {
    const saved = await action.run(
      () =>
        save({
          providerId: id,
          ...(urlChanged ? { baseUrl: baseUrl.trim() || provider.defaultBaseUrl } : {}),
          apiKey: nextKey,
          ...(limitChanged ? { concurrency: limit } : {}),
        }),
      done,
    );
    setConfirmRemove(false);
    if (!saved) return;
    setDraftUrl(null);
    setDraftLimit(null);
    setApiKey('');
    // A new key or URL makes the last check out of date: check this provider again at once.
    void checkOne(id);
  }

  const keyTone =
    provider.keySource === 'none' ? (provider.keyRequired ? 'key-missing' : 'key-optional') : 'key-present';
  return (
    <section className="card provider-card" data-testid={`provider-${id}`} aria-labelledby={`provider-${id}-name`}>
      <div className="section-header">
        <h3 id={`provider-${id}-name`}>
          {provider.displayName} <span className="muted mono small">{id}</span>
        </h3>
        <span className={`key-status ${keyTone}`} data-testid={`key-status-${id}`}>
          {keyStatusText(provider)}
        </span>
      </div>
      {health ? <ProviderHealthCard health={health} checking={checking} onCheck={() => void checkOne(id)} /> : null}
      <form
        className="field-row"
        onSubmit={(event) => {
          // Never a real form submission (the CSP forbids them): Enter in a field simply saves.
          event.preventDefault();
          if (!busy && changed) void submit(apiKey.trim() ? apiKey.trim() : undefined, 'Saved.');
        }}
      >
        <label className="field field-grow">
          <span className="field-label">Base URL</span>
          <input
            type="url"
            value={baseUrl}
            spellCheck={false}
            disabled={busy}
            data-testid={`base-url-${id}`}
            onChange={(event) => setDraftUrl(event.currentTarget.value)}
          />
        </label>
        <label className="field field-grow">
          <span className="field-label">{provider.keySource === 'none' ? 'API key' : 'New API key'}</span>
          <input
            type="password"
            value={apiKey}
            autoComplete="new-password"
            spellCheck={false}
            disabled={busy}
            placeholder={provider.keyRequired ? 'paste a key' : 'optional'}
            data-testid={`api-key-${id}`}
            onChange={(event) => setApiKey(event.currentTarget.value)}
          />
        </label>
        <label className="field field-narrow">
          <span className="field-label">Parallel requests</span>
          <input
            type="number"
            min={1}
            max={256}
            step={1}
            value={limitText}
            disabled={busy}
            placeholder={`default ${provider.defaultConcurrency}`}
            title="How many requests to this provider may be in flight at once. Empty: the default."
            aria-invalid={limit === undefined}
            aria-describedby={limit === undefined ? `concurrency-${id}-invalid` : undefined}
            data-testid={`concurrency-${id}`}
            onChange={(event) => setDraftLimit(event.currentTarget.value)}
          />
          {limit === undefined ? (
            <span className="field-error" id={`concurrency-${id}-invalid`} data-testid={`concurrency-invalid-${id}`}>
              1 to 256, or empty for the default
            </span>
          ) : null}
        </label>
        <button type="submit" className="button button-primary" disabled={busy || !changed} data-testid={`save-${id}`}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </form>
      <div className="provider-footer">
        {baseUrl.trim() !== provider.defaultBaseUrl ? (
          <button
            type="button"
            className="button-link"
            disabled={busy}
            onClick={() => setDraftUrl(provider.defaultBaseUrl)}
          >
            Use default ({provider.defaultBaseUrl})
          </button>
        ) : (
          <span className="muted small">Default base URL</span>
        )}
        {provider.keySource === 'settings' ? (
          confirmRemove ? (
            <span>
              Remove the saved key?{' '}
              <button
                type="button"
                className="button-link danger"
                disabled={busy}
                data-testid={`confirm-remove-key-${id}`}
                onClick={() => void submit(null, 'Key removed.')}
              >
                Remove
              </button>{' '}
              <button type="button" className="button-link" onClick={() => setConfirmRemove(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="button-link danger"
              disabled={busy}
              data-testid={`remove-key-${id}`}
              onClick={() => setConfirmRemove(true)}
            >
              Remove key
            </button>
          )
        ) : null}
        {message ? (
          <span className="success-text" role="status" data-testid={`saved-${id}`}>
            {message}
          </span>
        ) : null}
      </div>
      {error ? (
        <ErrorBox error={error} title={`Could not save ${provider.displayName}`} testId={`provider-error-${id}`} />
      ) : null}
    </section>
  );
}
