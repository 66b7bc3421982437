/**
 * Settings: System Health (can a run start, worker, database), one card per provider (its health, base URL, key —
 * write-only — and parallel requests; configured providers first, the rest folded), and a Test Run.
 */
import { useEffect, useRef, useState } from 'react';
import type { ProviderSettingsView } from '@shared/domain';
import type { ProviderHealth } from '@shared/providers';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { ProviderCard } from '../components/ProviderCard';
import { CostSettings } from '../components/settings/CostSettings';
import { SystemHealthBox } from '../components/SystemHealthBox';
import { ComputerSettings } from '../components/settings/ComputerSettings';
import { DataBackups } from '../components/settings/DataBackups';
import { TestRunPanel } from '../components/TestRunPanel';
import { usePageTitle } from '../hooks/usePageTitle';
import { useKnownHealth } from '../data/health';
import { useProviders } from '../data/providers';
import { hashQuery } from '../stores/router';

/** Configured: it has a key, or its settings were changed, or (a keyless local server) it answered its check. */
export function isConfigured(provider: ProviderSettingsView, health: ProviderHealth | undefined): boolean {
  if (provider.keySource !== 'none') return true;
  if (provider.concurrency !== null || provider.baseUrl !== provider.defaultBaseUrl) return true;
  return health?.status === 'connected';
}

export function SettingsPage(): React.JSX.Element {
  usePageTitle('Settings');
  const providers = useProviders();
  const health = useKnownHealth().data?.providers ?? null;

  const list = providers?.data ?? [];
  const healthOf = (id: string): ProviderHealth | undefined => health?.find((p) => p.providerId === id);
  const nowConfigured: string[] = list.filter((p) => isConfigured(p, healthOf(p.providerId))).map((p) => p.providerId);
  // A provider that moves up stays up for this visit (removing a key does not make its card jump away under the mouse).
  const [shownFirst, setShownFirst] = useState<readonly string[]>([]);
  const newlyConfigured = nowConfigured.filter((id) => !shownFirst.includes(id));
  if (newlyConfigured.length > 0) setShownFirst([...shownFirst, ...newlyConfigured]);
  const first = (id: string): boolean => shownFirst.includes(id) || nowConfigured.includes(id);
  const configured = list.filter((p) => first(p.providerId));
  const others = list.filter((p) => !first(p.providerId));
  useLandOnProvider(providers?.data !== null && providers?.data !== undefined);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="page-lede">
            Model providers and their keys. Keys are stored by the app’s core and never shown again — only their last
            four characters.
          </p>
        </div>
      </header>

      <SystemHealthBox />

      <section className="section" aria-labelledby="providers-heading">
        <h2 id="providers-heading">Providers</h2>
        {providers?.error ? (
          <ErrorBox error={providers.error} title="Could not load providers" testId="providers-error" />
        ) : null}
        {providers?.data ? (
          <div className="provider-list" data-testid="provider-health-list">
            {configured.map((provider) => (
              <ProviderCard key={provider.providerId} provider={provider} />
            ))}
            {configured.length === 0 ? (
              <p className="muted" data-testid="no-configured-providers">
                No provider is set up yet: open one below and paste its key, or start a local model server.
              </p>
            ) : null}
            {others.length > 0 ? (
              <details className="more-providers" data-testid="more-providers">
                <summary>
                  {others.length} more provider{others.length === 1 ? '' : 's'} not set up:{' '}
                  <span className="muted">{others.map((p) => p.displayName).join(', ')}</span>
                </summary>
                <div className="provider-list">
                  {others.map((provider) => (
                    <ProviderCard key={provider.providerId} provider={provider} />
                  ))}
                </div>
              </details>
            ) : null}
          </div>
        ) : providers?.error ? null : (
          <Loading />
        )}
      </section>

      <TestRunPanel />
      <ComputerSettings />
      <DataBackups />
      <CostSettings />
    </div>
  );
}

/**
 * `#/settings?provider=ID` (the way from a run's error) lands on that provider's card: unfolded, scrolled into view,
 * the keyboard on its key (or base URL). Once per visit, when the cards are drawn.
 */
function useLandOnProvider(ready: boolean): void {
  const landed = useRef(false);
  useEffect(() => {
    const id = hashQuery().get('provider');
    if (!ready || landed.current || !id) return;
    landed.current = true;
    const card = document.querySelector<HTMLElement>(`[data-testid="provider-${CSS.escape(id)}"]`);
    if (!card) return;
    const folded = card.closest('details');
    if (folded) folded.open = true;
    card.scrollIntoView({ block: 'start' });
    // The key is what a run's error asks to fix; a local server without one has its base URL.
    const field = [`api-key-${id}`, `base-url-${id}`]
      .map((testId) => card.querySelector<HTMLInputElement>(`[data-testid="${CSS.escape(testId)}"]`))
      .find((input) => input && !input.disabled);
    field?.focus({ preventScroll: true });
  }, [ready]);
}
