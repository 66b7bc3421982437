/**
 * The hosts the app contacts (issue 22, "no network contact but the chosen providers"): the host of each configured
 * provider's base URL, nothing else. A provider without a key (or a local one never set up) is not contacted, so its
 * host is not listed. Each host appears once with the providers that use it.
 */
import type { ProviderHealth } from '@shared/providers';

export interface ContactHost {
  /** `host:port` as the app connects to it (the port is implied by the scheme when absent). */
  host: string;
  local: boolean;
  providers: string[];
}

function hostOf(baseUrl: string): string | null {
  try {
    const url = new URL(baseUrl);
    const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
    return port ? `${url.hostname}:${port}` : url.hostname;
  } catch {
    return null;
  }
}

export function contactHosts(providers: readonly ProviderHealth[]): ContactHost[] {
  const byHost = new Map<string, ContactHost>();
  for (const p of providers) {
    if (p.status === 'not_configured') continue;
    const host = hostOf(p.baseUrl) ?? p.baseUrl;
    const entry = byHost.get(host) ?? { host, local: p.local, providers: [] };
    entry.providers.push(p.displayName);
    byHost.set(host, entry);
  }
  return [...byHost.values()].sort((a, b) => a.host.localeCompare(b.host));
}
