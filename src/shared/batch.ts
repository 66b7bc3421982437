/**
 * Batch mode, shared by main, renderer and CLI: a run's execution mode, which providers run batches, the chunk states
 * an outbox row moves through, what a chunk looks like on the run page and in `batches status`, and the batch price.
 */
import { z } from 'zod';
import type { ProviderId } from './domain';
import { cleanUsd, type PriceBasis } from './prices';

/** How a run's jobs are sent: one request each as the scheduler claims them, or grouped into provider batches. */
export const RUN_MODES = ['realtime', 'batch'] as const;
export type RunMode = (typeof RUN_MODES)[number];
export const runModeSchema = z.enum(RUN_MODES);

/** The tier a transcript was paid at. */
export type Tier = 'realtime' | 'batch';

/** What batch prices are of the real-time ones unless a price says otherwise (every large provider: half). */
export const BATCH_PRICE_FACTOR = 0.5;

/**
 * A price at the batch tier: the researcher's batch price for the model when they set one, else the real-time price
 * times BATCH_PRICE_FACTOR (local and unpriced models unchanged).
 */
export function batchBasis(basis: PriceBasis): PriceBasis {
  if (basis.kind !== 'priced') return basis;
  const { price } = basis;
  const own = price.batchInputUsdPerMTok !== null && price.batchOutputUsdPerMTok !== null;
  return {
    kind: 'priced',
    price: {
      ...price,
      inputUsdPerMTok: own ? (price.batchInputUsdPerMTok ?? 0) : cleanUsd(price.inputUsdPerMTok * BATCH_PRICE_FACTOR),
      outputUsdPerMTok: own
        ? (price.batchOutputUsdPerMTok ?? 0)
        : cleanUsd(price.outputUsdPerMTok * BATCH_PRICE_FACTOR),
    },
  };
}

/**
 * The real-time price of a batch run created before both tiers were recorded: its recorded batch price ÷
 * BATCH_PRICE_FACTOR. Such a run's batch price was always the real-time price at its start × that factor, so this gives
 * back exactly the price in effect when it was created (today's table would break the history rule).
 */
export function realtimeFromBatchBasis(basis: PriceBasis): PriceBasis {
  if (basis.kind !== 'priced') return basis;
  const { price } = basis;
  return {
    kind: 'priced',
    price: {
      ...price,
      inputUsdPerMTok: cleanUsd(price.inputUsdPerMTok / BATCH_PRICE_FACTOR),
      outputUsdPerMTok: cleanUsd(price.outputUsdPerMTok / BATCH_PRICE_FACTOR),
    },
  };
}

/** What the researcher reads: results within this long (the providers' completion window). */
export const BATCH_WINDOW_HOURS = 24;

/**
 * A chunk's life: `outbox` (its request file and jobs committed, nothing sent), `uploaded` (the provider has the file:
 * OpenAI), `submitted` (the provider has the batch), `ended` (the provider finished it: results to collect),
 * `collected` (every line ingested, unanswered jobs back in the queue), `failed` (the provider refused the batch: its
 * jobs went back to the queue).
 */
export const BATCH_CHUNK_STATES = ['outbox', 'uploaded', 'submitted', 'ended', 'collected', 'failed'] as const;
export type BatchChunkState = (typeof BATCH_CHUNK_STATES)[number];

/** Providers whose batch API this app speaks; the others say why not. */
const BATCH_PROVIDERS: Partial<Record<ProviderId, true>> = {
  openai: true,
  anthropic: true,
  mistral: true,
  google: true,
};

/** Null when the provider runs batches here, else why not (shown beside the option). */
export function batchUnsupportedReason(providerId: ProviderId, local: boolean): string | null {
  if (BATCH_PROVIDERS[providerId]) return null;
  if (local) return 'a local server answers at once and has no batch mode';
  return 'batch mode for this provider is not supported yet';
}

/** The plain sentence the run page and `batches status` show for a batch run. */
export const BATCH_RUN_SENTENCE =
  'Batch runs keep going at the provider while this computer sleeps or is off; results are collected the next time ' +
  'ValueRank runs (or with `valuerank batches collect`).';

/** What the run page says of a batch the provider refused for its queue (BatchChunkView.queueRefused). */
export const BATCH_QUEUE_RESENT_SENTENCE =
  'Not expired: the provider’s queue for this model was full, so these requests are sent again automatically in a ' +
  'later batch.';

/** One chunk as the run page and the CLI show it. */
export interface BatchChunkView {
  id: string;
  runId: string;
  chunkNo: number;
  providerId: ProviderId;
  modelKey: string;
  state: BatchChunkState;
  /** The provider's own word for the batch's status (in_progress, finalizing, expired, ended…); null before submit. */
  providerStatus: string | null;
  batchId: string | null;
  requests: number;
  succeeded: number;
  errored: number;
  expired: number;
  cancelled: number;
  /** Results paid for but not used: a second answer for a job already answered (a duplicate batch, a repeated line). */
  duplicates: number;
  cancelRequested: boolean;
  createdAt: string;
  submittedAt: string | null;
  /** When the provider gives up on what is unanswered (ISO), null before submit. */
  expiresAt: string | null;
  endedAt: string | null;
  collectedAt: string | null;
  estimatedCostUsd: number | null;
  /** Cost at the batch price of what was collected (duplicates included), null without a price. */
  actualCostUsd: number | null;
  lastError: string | null;
  /** Estimated input tokens, counted against the provider's enqueued-token queue of the model while submitted. */
  estimatedInputTokens: number;
  /** Why an unsent chunk waits ("waiting for the provider's queue: N of M enqueued tokens in use"), else null. */
  waiting: string | null;
  /**
   * The provider failed this batch for its enqueued-token queue (OpenAI: token_limit_exceeded): not an expiry nor the
   * researcher's fault; its requests go again automatically in a later batch (so no mixed finish is offered for it).
   */
  queueRefused: boolean;
}

/** What one pass of reconciliation did (the CLI's `batches collect` prints it). */
/** A batch run set to finish in real time: how many of its jobs were outside a batch (sent now) when asked. */
export interface BatchFinishRealtime {
  runId: string;
  realtimeJobs: number;
}

export interface BatchReconcileReport {
  submitted: number;
  polled: number;
  collected: number;
  ingested: number;
  duplicates: number;
  requeued: number;
  /** Chunks not sent in this pass: the provider's enqueued-token queue of their model is full for now. */
  waiting: number;
  errors: string[];
}
