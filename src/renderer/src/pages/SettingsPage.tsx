/** Settings: System Health (live provider checks, worker, database), a Test Run, and each provider's base URL and key (write-only). */
import { useEffect } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { ProviderCard } from '../components/ProviderCard';
import { SystemHealthBox } from '../components/SystemHealthBox';
import { TestRunPanel } from '../components/TestRunPanel';
import { useProviders } from '../stores/providers';

export function SettingsPage(): React.JSX.Element {
  const providers = useProviders((state) => state.providers);
  const loadProviders = useProviders((state) => state.loadProviders);

  useEffect(() => {
    void loadProviders();
  }, [loadProviders]);

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

      <TestRunPanel />

      <section className="section" aria-labelledby="providers-heading">
        <h2 id="providers-heading">Providers</h2>
        {providers?.error ? (
          <ErrorBox error={providers.error} title="Could not load providers" testId="providers-error" />
        ) : null}
        {providers?.data ? (
          <div className="provider-list">
            {providers.data.map((provider) => (
              <ProviderCard key={provider.providerId} provider={provider} />
            ))}
          </div>
        ) : providers?.error ? null : (
          <Loading />
        )}
      </section>
    </div>
  );
}
