/**
 * Turns a claimed job into the worker's probe request, with what every job of a run shares read once: the provider's
 * resolved settings (kept a second), the run's parsed config (per run) and the definition snapshot (per hash). The
 * hot path parses no JSON with zod and runs no settings query per job.
 */
import { definitionContentSchema, type DefinitionContent, type ProviderId } from '../../../shared/domain';
import { resolveScale } from '../../../shared/scale';
import { canonicalDecision, reversedScale, type ReversedScale } from '../../../shared/scale-order';
import type { ExtractedDecision, ProbeResult } from '../python/protocol';
import type { ProviderSettingsService, ResolvedProvider } from '../providers/settings';
import type { ProbeParams } from '../python/protocol';
import type { ClaimedJob } from '../store/jobs';
import { parseRunConfig, type RunConfig } from '../store/run-config';
import { snapshotJson } from '../store/runs';
import type { Sqlite } from '../store/sql';

type Snapshot = {
  content: DefinitionContent;
  scale: { code: number; label: string }[];
  /** The scale shown reversed, made the first time a reversed job of the snapshot needs it. */
  reversed?: ReversedScale;
};

const MAX_ENTRIES = 100;

export class ProbeBuilder {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly resolved = new Map<ProviderId, { at: number; provider: ResolvedProvider }>();
  private readonly configs = new Map<string, RunConfig>();

  constructor(
    private readonly sqlite: Sqlite,
    private readonly providers: ProviderSettingsService,
    private readonly timeoutMs: number,
    /** The most of an answer the worker reads (its default when unset); beyond it the answer is marked truncated. */
    private readonly maxResponseBytes?: number,
  ) {}

  params(job: ClaimedJob): ProbeParams {
    const provider = this.provider(job.providerId);
    const snapshot = this.snapshot(job.snapshotHash);
    const config = this.config(job.runId, job.configJson);
    const reversed = job.scaleOrder === 'reversed' ? this.reversed(snapshot) : null;
    const preamble = snapshot.content.preamble.trim();
    const messages: ProbeParams['messages'] = [];
    if (preamble) messages.push({ role: 'system', content: reversed ? reversed.reverseText(preamble) : preamble });
    messages.push({ role: 'user', content: job.prompt });
    return {
      provider: { id: provider.id, kind: provider.kind, baseUrl: provider.baseUrl, apiKey: provider.apiKey },
      model: { id: job.modelId, version: job.modelVersion },
      messages,
      params: { temperature: config.options.temperature, maxTokens: config.options.maxTokens },
      timeoutMs: this.timeoutMs,
      // A reversed job's reply is read on the scale the model saw; canonical() maps it back before it is stored.
      scale: reversed ? reversed.presented : snapshot.scale,
      ...(this.maxResponseBytes ? { maxResponseBytes: this.maxResponseBytes } : {}),
    };
  }

  /** The decision as the canonical scale codes it: a reversed job's presented code mirrored back, with its label. */
  canonical(job: Pick<ClaimedJob, 'scaleOrder' | 'snapshotHash'>, decision: ExtractedDecision): ExtractedDecision {
    const { score, decision: label, parsePath } = decision;
    if (job.scaleOrder !== 'reversed') return { score, decision: label, parsePath };
    return canonicalDecision(this.reversed(this.snapshot(job.snapshotHash)), decision);
  }

  canonicalResult(job: ClaimedJob, result: ProbeResult): ProbeResult {
    return job.scaleOrder === 'reversed' ? { ...result, decision: this.canonical(job, result.decision) } : result;
  }

  private reversed(snapshot: Snapshot): ReversedScale {
    snapshot.reversed ??= reversedScale(snapshot.content);
    return snapshot.reversed;
  }

  /** A provider's resolved settings, kept for a second: a key saved in Settings is used from the next second on. */
  private provider(id: ProviderId): ResolvedProvider {
    const now = Date.now();
    const cached = this.resolved.get(id);
    if (cached && now - cached.at <= 1000) return cached.provider;
    const provider = this.providers.resolve(id);
    this.resolved.set(id, { at: now, provider });
    return provider;
  }

  /** A run's config never changes: parsed once per run. */
  private config(runId: string, json: string): RunConfig {
    let config = this.configs.get(runId);
    if (!config) {
      config = parseRunConfig(json);
      if (this.configs.size > MAX_ENTRIES) this.configs.clear();
      this.configs.set(runId, config);
    }
    return config;
  }

  private snapshot(hash: string): Snapshot {
    let entry = this.snapshots.get(hash);
    if (!entry) {
      const content = definitionContentSchema.parse(JSON.parse(snapshotJson(this.sqlite, hash) ?? 'null'));
      entry = { content, scale: resolveScale(content) };
      if (this.snapshots.size > MAX_ENTRIES) this.snapshots.clear();
      this.snapshots.set(hash, entry);
    }
    return entry;
  }
}
