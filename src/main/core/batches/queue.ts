/**
 * The provider's enqueued-token queue (issue 26): OpenAI (and others) limit the input tokens of ALL batches of one model
 * that are enqueued at once, not of each batch. A chunk is submitted only when it fits beside the model's chunks that
 * hold a place in the queue (any run of this data folder): submitted and not ended, or admitted and not yet submitted;
 * otherwise it waits in the outbox, its jobs with it, and goes on a later pass once earlier batches ended. Nothing
 * enqueued: it always goes (a chunk alone is cut under the quota). "The model" is the provider's: pinned and unpinned
 * versions of one model share its queue (queueKeyOf).
 *
 * Admission is atomic across processes: the check and the chunk's durable "admitted" mark are one IMMEDIATE
 * transaction (store/batch-queue.ts), so when the app and `valuerank batches collect` admit at once, the second counts
 * the first's chunk before its batch id is recorded. An admitted chunk keeps its place while its lease holder lives (or
 * gave the lease back after a failed step: the next pass sends it); a holder that died (process gone, lease run out)
 * leaves no place behind; pausing and closing (withdraw, cancel) clear the mark.
 */
import type { ProviderId } from '../../../shared/domain';
import { openChunks } from '../store/batch-chunks';
import { admitChunk, queuedChunks, queueRefusals, type QueuedChunk } from '../store/batch-queue';
import type { Sqlite } from '../store/sql';
import { LeaseLost } from './lease';

/** The provider's queue of one model as this data folder sees it, beside the chunk being asked about. */
export interface ProviderQueue {
  /** Estimated input tokens of the chunks holding a place in the queue. */
  inUse: number;
  /** How many such chunks. */
  enqueued: number;
  /**
   * The provider refused a batch of this model for its queue limit while one of these chunks was already enqueued:
   * the next waits until those have ended, whatever the estimate says (the account's real quota is lower).
   */
  refusedSince: boolean;
}

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

/** A snapshot or alias suffix: `-2024-07-18` (OpenAI), `-20241022` (Anthropic), `-002` (Gemini), `-latest`. */
const SNAPSHOT_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{3}|latest)$/;

/**
 * The provider's queue a model's batches count against: the provider and the model as the request names it (the
 * pinned version when there is one: that is what the worker sends), less a dated snapshot suffix. OpenAI's limits
 * table gives the batch queue limit per model (gpt-4o-mini, gpt-4o, …) and a dated snapshot counts against its
 * model's row, so `gpt-4o-mini`, `gpt-4o-mini@gpt-4o-mini-2024-07-18` and `gpt-4o-mini-2024-07-18` share one queue
 * while `gpt-4o` and `gpt-4o-mini` do not. (Grouping too widely only makes a chunk wait; too narrowly, it is refused.)
 */
export function queueKeyOf(modelKey: string): string {
  const colon = modelKey.indexOf(':');
  const model = modelKey.slice(colon + 1);
  const at = model.indexOf('@');
  const sent = at >= 0 ? model.slice(at + 1) : model;
  return `${modelKey.slice(0, colon)}:${sent.replace(SNAPSHOT_SUFFIX, '')}`;
}

/** Whether a lease holder seen on a chunk is gone (ChunkLeases.holderGone). */
export type HolderGone = (owner: string, until: number | null) => boolean;

/** Whether a queued chunk holds its place: submitted, or admitted by a holder alive or that gave its lease back. */
export function holdsPlace(row: QueuedChunk, holderGone: HolderGone): boolean {
  return row.state === 'submitted' || row.leaseOwner === null || !holderGone(row.leaseOwner, row.leaseUntil);
}

/** The queue `chunk` would join: every other chunk holding a place in it. */
export function queueBeside(
  sqlite: Sqlite,
  chunk: { id: string; providerId: ProviderId; modelKey: string },
  rows: readonly QueuedChunk[],
  holderGone: HolderGone,
): ProviderQueue {
  const key = queueKeyOf(chunk.modelKey);
  const beside = rows.filter((r) => r.id !== chunk.id && queueKeyOf(r.modelKey) === key && holdsPlace(r, holderGone));
  const submitted = beside.map((r) => r.submittedAt).filter((at): at is string => at !== null);
  const oldest = submitted.sort()[0];
  return {
    inUse: beside.reduce((n, r) => n + r.tokens, 0),
    enqueued: beside.length,
    refusedSince:
      oldest !== undefined &&
      queueRefusals(sqlite, chunk.providerId, oldest).some((modelKey) => queueKeyOf(modelKey) === key),
  };
}

interface Candidate {
  id: string;
  modelKey: string;
  providerId: ProviderId;
  estInputTokens: number;
}

/** Who asks: the lease owner admitting chunks, and how it tells a dead holder (lease.ts ChunkLeases). */
export interface QueueAsker {
  readonly owner: string;
  holderGone(owner: string, until: number | null): boolean;
}

/**
 * One pass's gate. Chunks of one queue are asked in order (oldest first): once one waits, the later ones of that queue
 * wait too, so a small chunk never overtakes a larger one for ever.
 */
export class QueueGate {
  private readonly waiting = new Map<string, string>();
  /** Chunks taken as sent without being admitted (the view's preview of a pass), per queue. */
  private readonly assumed = new Map<string, { tokens: number; count: number }>();
  private readonly holderGone: HolderGone;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly quotas: Partial<Record<ProviderId, number>>,
    private readonly asker: QueueAsker,
  ) {
    this.holderGone = (owner, until) => asker.holderGone(owner, until);
  }

  /**
   * Admits the chunk (its lease held by the asker) when it fits: null, and the chunk is marked admitted in the same
   * transaction that read the queue; else why it waits (its mark cleared). Throws LeaseLost when the lease is gone.
   */
  admit(chunk: Candidate & { admittedAt: number | null }): string | null {
    const key = queueKeyOf(chunk.modelKey);
    const held = this.waiting.get(key);
    // Behind a chunk of its queue that waits in this pass, and holding no place: nothing to read or clear.
    if (held !== undefined && chunk.admittedAt === null) return held;
    const decided = admitChunk(this.sqlite, chunk.id, this.asker.owner, () => held ?? this.decide(chunk));
    if (!decided.held) throw new LeaseLost(chunk.id);
    if (decided.why !== null) this.waiting.set(key, decided.why);
    return decided.why;
  }

  /** The preview of `admit` (run page, CLI): null when the chunk would go (or holds its place already). */
  preview(chunk: Candidate): string | null {
    const key = queueKeyOf(chunk.modelKey);
    const held = this.waiting.get(key);
    if (held !== undefined) return held;
    const rows = queuedChunks(this.sqlite, chunk.providerId);
    const self = rows.find((r) => r.id === chunk.id);
    if (self && holdsPlace(self, this.holderGone)) return null;
    const why = this.decide(chunk, rows);
    if (why !== null) {
      this.waiting.set(key, why);
      return why;
    }
    const assumed = this.assumed.get(key) ?? { tokens: 0, count: 0 };
    this.assumed.set(key, { tokens: assumed.tokens + chunk.estInputTokens, count: assumed.count + 1 });
    return null;
  }

  private decide(chunk: Candidate, rows = queuedChunks(this.sqlite, chunk.providerId)): string | null {
    const quota = this.quotas[chunk.providerId];
    const queue = queueBeside(this.sqlite, chunk, rows, this.holderGone);
    const assumed = this.assumed.get(queueKeyOf(chunk.modelKey));
    if (assumed) {
      queue.inUse += assumed.tokens;
      queue.enqueued += assumed.count;
    }
    return queueAdmits(chunk.estInputTokens, queue, quota) ? null : waitingText(queue, quota);
  }
}

/** What an unsent chunk of a paused run says: Pause submits no more chunks. */
export const PAUSED_TEXT = 'not sent while the run is paused';

/** Every unsent chunk that would wait now (its run paused, its provider's queue), and why (run page, CLI). */
export function waitingChunks(
  sqlite: Sqlite,
  quotas: Partial<Record<ProviderId, number>>,
  asker: QueueAsker,
): Map<string, string> {
  const gate = new QueueGate(sqlite, quotas, asker);
  const waits = new Map<string, string>();
  for (const chunk of openChunks(sqlite, null)) {
    if (chunk.state !== 'outbox' && chunk.state !== 'uploaded') continue;
    if (chunk.runStatus === 'paused') {
      waits.set(chunk.id, PAUSED_TEXT);
      continue;
    }
    const why = gate.preview(chunk);
    if (why !== null) waits.set(chunk.id, why);
  }
  return waits;
}
