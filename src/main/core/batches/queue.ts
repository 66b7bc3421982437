/**
 * The provider's enqueued-token queue (issue 26): OpenAI (and others) limit the input tokens of ALL batches of one model
 * that are enqueued at once, not of each batch. A chunk is submitted only when it fits beside the model's chunks already
 * submitted and not ended (any run of this data folder); otherwise it waits in the outbox, its jobs with it, and goes on
 * a later pass once earlier batches ended. Nothing enqueued: it always goes (a chunk alone is cut under the quota).
 */
import type { ProviderId } from '../../../shared/domain';
import { openChunks } from '../store/batch-chunks';
import { providerQueue, type ProviderQueue } from '../store/batch-queue';
import type { Sqlite } from '../store/sql';

/** Whether a chunk of `estimate` tokens may be submitted now beside what the model has enqueued. */
export function queueAdmits(estimate: number, queue: ProviderQueue, quota: number | undefined): boolean {
  if (queue.enqueued === 0) return true;
  if (queue.refusedSince) return false;
  return quota === undefined || queue.inUse + estimate <= quota;
}

function tokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** Why a chunk waits, as the run page and `batches status` say it. */
export function waitingText(queue: ProviderQueue, quota: number | undefined): string {
  const use = `${tokens(queue.inUse)}${quota === undefined ? '' : ` of ${tokens(quota)}`} enqueued tokens in use`;
  if (queue.refusedSince)
    return `waiting for the provider's queue: it refused a batch for its enqueued-token limit; sent once the batches enqueued then have ended (${use})`;
  return `waiting for the provider's queue: ${use}`;
}

interface Candidate {
  modelKey: string;
  providerId: ProviderId;
  estInputTokens: number;
}

/**
 * One pass's gate. Chunks of one model are asked in order (oldest first): once one waits, the later ones of that model
 * wait too, so a small chunk never overtakes a larger one for ever.
 */
export class QueueGate {
  private readonly waiting = new Map<string, string>();
  /** Chunks taken as sent without being recorded yet (the view's preview of a pass), per model. */
  private readonly assumed = new Map<string, { tokens: number; count: number }>();

  constructor(
    private readonly sqlite: Sqlite,
    private readonly quotas: Partial<Record<ProviderId, number>>,
  ) {}

  /** Null when the chunk may be submitted now, else why it waits. */
  check(chunk: Candidate): string | null {
    const held = this.waiting.get(chunk.modelKey);
    if (held !== undefined) return held;
    const quota = this.quotas[chunk.providerId];
    const queue = providerQueue(this.sqlite, chunk.modelKey);
    const assumed = this.assumed.get(chunk.modelKey);
    if (assumed) {
      queue.inUse += assumed.tokens;
      queue.enqueued += assumed.count;
    }
    if (queueAdmits(chunk.estInputTokens, queue, quota)) return null;
    const why = waitingText(queue, quota);
    this.waiting.set(chunk.modelKey, why);
    return why;
  }

  /** Counts an admitted chunk as enqueued for the rest of this gate's checks. */
  assumeSent(chunk: Candidate): void {
    const assumed = this.assumed.get(chunk.modelKey) ?? { tokens: 0, count: 0 };
    this.assumed.set(chunk.modelKey, { tokens: assumed.tokens + chunk.estInputTokens, count: assumed.count + 1 });
  }
}

/** What an unsent chunk of a paused run says: Pause submits no more chunks. */
export const PAUSED_TEXT = 'not sent while the run is paused';

/** Every unsent chunk that would wait now (its run paused, its provider's queue), and why (run page, CLI). */
export function waitingChunks(sqlite: Sqlite, quotas: Partial<Record<ProviderId, number>>): Map<string, string> {
  const gate = new QueueGate(sqlite, quotas);
  const waits = new Map<string, string>();
  for (const chunk of openChunks(sqlite, null)) {
    if (chunk.state !== 'outbox' && chunk.state !== 'uploaded') continue;
    if (chunk.runStatus === 'paused') {
      waits.set(chunk.id, PAUSED_TEXT);
      continue;
    }
    const why = gate.check(chunk);
    if (why === null) gate.assumeSent(chunk);
    else waits.set(chunk.id, why);
  }
  return waits;
}
