/**
 * How many more jobs the scheduler may start, in all and per provider: its concurrency, each provider's limit
 * (Settings, else the default for its kind), the jobs it has in flight, and the providers this process has no key for.
 */
import { PROVIDER_IDS, type ProviderId } from '../../../shared/domain';
import { defaultProviderLimit, type ConcurrencyLimits } from '../providers/limits';
import type { ProviderSettingsService } from '../providers/settings';

/** Free slots per provider and in all, for one claim. */
export interface FreeSlots {
  perProvider: Partial<Record<ProviderId, number>>;
  free: number;
}

export class Capacity {
  private active = 0;
  private perProvider = new Map<ProviderId, number>();
  private unusable: { at: number; ids: string[] } | null = null;

  constructor(
    private readonly providers: ProviderSettingsService,
    private readonly options: ConcurrencyLimits,
  ) {}

  /** Jobs in flight now. */
  get activeJobs(): number {
    return this.active;
  }

  /** A job of this provider started. */
  take(providerId: ProviderId): void {
    this.active += 1;
    this.perProvider.set(providerId, (this.perProvider.get(providerId) ?? 0) + 1);
  }

  /** A job of this provider ended. */
  give(providerId: ProviderId): void {
    this.active -= 1;
    this.perProvider.set(providerId, (this.perProvider.get(providerId) ?? 1) - 1);
  }

  /**
   * Free slots per provider (its limit) and in all (the global concurrency), counting the jobs whose outcomes this turn
   * writes as already finished; null when there is none.
   */
  free(finishing: readonly { providerId: ProviderId }[]): FreeSlots | null {
    const free = this.options.concurrency - this.active + finishing.length;
    if (free <= 0) return null;
    const done = new Map<ProviderId, number>();
    for (const outcome of finishing) done.set(outcome.providerId, (done.get(outcome.providerId) ?? 0) + 1);
    const unusable = this.unusableProviders();
    const perProvider: Partial<Record<ProviderId, number>> = {};
    let any = false;
    for (const id of PROVIDER_IDS) {
      if (unusable.includes(id)) continue;
      const inFlight = (this.perProvider.get(id) ?? 0) - (done.get(id) ?? 0);
      const slots = Math.min(free, this.limitFor(id) - inFlight);
      if (slots > 0) any = true;
      perProvider[id] = slots;
    }
    return any ? { perProvider, free } : null;
  }

  /** A provider's limit: Settings (the settings service caches them briefly), else the default. */
  private limitFor(providerId: ProviderId): number {
    return this.providers.concurrency(providerId) ?? defaultProviderLimit(this.options, providerId);
  }

  /**
   * Providers this process has no key for. Several processes may share the database (the app, `run --wait` in a
   * terminal with its own environment): a job is left for a process that can run it rather than failed here. Run
   * creation already refuses a provider without a key, so this only matters across processes.
   */
  private unusableProviders(): string[] {
    const now = Date.now();
    if (!this.unusable || now - this.unusable.at > 2000) {
      const ids = PROVIDER_IDS.filter((id) => {
        try {
          this.providers.resolve(id);
          return false;
        } catch {
          return true;
        }
      });
      this.unusable = { at: now, ids };
    }
    return this.unusable.ids;
  }
}
