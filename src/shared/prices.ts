/**
 * Prices and cost, shared by main, renderer and CLI: the price of a model per million tokens (built-in or the
 * researcher's), what a run is estimated to cost before it starts, and what it has cost so far from reported usage.
 */
import { z } from 'zod';
import { providerIdSchema, type ModelRef } from './domain';

/** The estimate's heuristic for prompt tokens: characters ÷ 4 (rounded up per prompt), system prompt included. */
export const CHARS_PER_TOKEN = 4;
/** Output tokens assumed per answer when the run sets no max tokens (a decision with a short justification). */
export const DEFAULT_OUTPUT_TOKENS = 400;
/** The most a price may be, in US dollars per million tokens: a typo guard, far above any model sold. */
export const MAX_USD_PER_MILLION = 10_000;

const usdPerMillion = z
  .number()
  .finite()
  .min(0, 'a price must be 0 or more')
  .max(
    MAX_USD_PER_MILLION,
    `a price can be at most $${MAX_USD_PER_MILLION.toLocaleString('en-US')} per million tokens`,
  );

/** Which model a price is for: a version makes it apply to that pinned version only. */
export const priceKeySchema = z.object({
  providerId: providerIdSchema,
  modelId: z.string().trim().min(1, 'a model id is required').max(200),
  modelVersion: z.string().trim().min(1).max(200).nullable().default(null),
});
export type PriceKey = z.output<typeof priceKeySchema>;

export const priceSaveSchema = priceKeySchema
  .extend({
    inputUsdPerMTok: usdPerMillion,
    outputUsdPerMTok: usdPerMillion,
    /** The batch tier's prices, both or neither; absent or null: the provider's published discount (half). */
    batchInputUsdPerMTok: usdPerMillion.nullable().default(null),
    batchOutputUsdPerMTok: usdPerMillion.nullable().default(null),
  })
  .refine((p) => (p.batchInputUsdPerMTok === null) === (p.batchOutputUsdPerMTok === null), {
    message: 'a batch price needs both an input and an output price (or neither, for the published discount)',
    path: ['batchOutputUsdPerMTok'],
  });
export type PriceSave = z.output<typeof priceSaveSchema>;
/** A price as typed (batch prices optional). */
export type PriceSaveInput = z.input<typeof priceSaveSchema>;

export interface ModelPrice extends PriceKey {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  /** The researcher's batch-tier prices; null: the provider's published discount of the prices above. */
  batchInputUsdPerMTok: number | null;
  batchOutputUsdPerMTok: number | null;
  /** The day the price was recorded (YYYY-MM-DD): the built-in snapshot's date, or the day a person saved it. */
  recordedAt: string;
  /** 'user' rows override a built-in price for the same model and version. */
  source: 'builtin' | 'user';
  /** A user row that replaces a built-in one (removing it brings the built-in price back). */
  overridesBuiltin: boolean;
}

/** The price a cost is computed with: a model of a local server is free; a model without a price has no cost. */
export type PriceBasis = { kind: 'local' } | { kind: 'priced'; price: ModelPrice } | { kind: 'none' };

/**
 * Money without binary float noise: 12 significant digits (0.026716800000000002 → 0.0267168), far finer than any
 * price, so what is stored, sent and summed says what it means.
 */
export function cleanUsd(value: number): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(12)) : value;
}

/** Cost in US dollars of these tokens at this basis; null when the model has no price (never a silent 0). */
export function costOf(inputTokens: number, outputTokens: number, basis: PriceBasis): number | null {
  if (basis.kind === 'local') return 0;
  if (basis.kind === 'none') return null;
  return cleanUsd(
    (inputTokens * basis.price.inputUsdPerMTok + outputTokens * basis.price.outputUsdPerMTok) / 1_000_000,
  );
}

/** Tokens the estimate assumes for one prompt of this many characters. */
export function estimatePromptTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export interface ModelCostEstimate {
  modelKey: string;
  model: ModelRef;
  jobs: number;
  inputTokens: number;
  outputTokens: number;
  basis: PriceBasis;
  costUsd: number | null;
}

export interface RunEstimate {
  perModel: ModelCostEstimate[];
  inputTokens: number;
  outputTokens: number;
  /** The sum over models with a price (local ones count 0); see `unpriced` for the models left out. */
  costUsd: number;
  /** Models with no price: their cost is unknown and not in the total. */
  unpriced: string[];
  /** Output tokens assumed per answer and where that number comes from. */
  outputTokensPerJob: number;
  outputSource: 'maxTokens' | 'default';
}

/** Tokens paid at one tier (batch or real time) and what they cost at that tier's price. */
export interface TierUsage {
  inputTokens: number;
  outputTokens: number;
  basis: PriceBasis;
  costUsd: number | null;
}

export interface ModelUsage {
  modelKey: string;
  /** Tokens the provider reported, summed over the model's transcripts. */
  inputTokens: number;
  outputTokens: number;
  /** Transcripts written, and how many of them carried the provider's usage. */
  transcripts: number;
  reported: number;
  basis: PriceBasis;
  costUsd: number | null;
  /**
   * A batch run only: its tokens split by the tier that paid them. `batch`: the answers its batches returned (paid
   * duplicates included) at the batch price; `realtime`: the rest (its remainder finished in real time) at the real-time
   * price. `costUsd` above is their sum.
   */
  tiers?: { batch: TierUsage; realtime: TierUsage };
}

/** A batch run's totals at one tier, over its models. */
export interface TierTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface RunCost {
  perModel: ModelUsage[];
  inputTokens: number;
  outputTokens: number;
  /** The sum over models with a price (local ones count 0). */
  costUsd: number;
  unpriced: string[];
  /**
   * 'run-start': the prices recorded in the run's config when it was created (a later edit does not change them);
   * 'current': the run predates price recording, so today's price table is used; 'not-recorded': the same, where no
   * price table is at hand (the export manifest), so no model has a price.
   */
  pricesFrom: 'run-start' | 'current' | 'not-recorded';
  /** A batch run only: its totals per tier (the run page and the export manifest show the split). */
  tiers?: { batch: TierTotals; realtime: TierTotals };
}

/** A price recorded into a run's config at creation, per model key. */
export const runPriceSchema = z.object({
  modelKey: z.string(),
  basis: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('local') }),
    z.object({ kind: z.literal('none') }),
    z.object({
      kind: z.literal('priced'),
      price: priceKeySchema.extend({
        inputUsdPerMTok: z.number(),
        outputUsdPerMTok: z.number(),
        batchInputUsdPerMTok: z.number().nullable().default(null),
        batchOutputUsdPerMTok: z.number().nullable().default(null),
        recordedAt: z.string(),
        source: z.enum(['builtin', 'user']),
        overridesBuiltin: z.boolean().default(false),
      }),
    }),
  ]),
});
export type RunPrice = z.output<typeof runPriceSchema>;

/** "$0.0123", "$12.34", "$1,234": enough digits to see a small cost, none that pretend precision. */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  const digits = value < 0.01 ? 4 : value < 1 ? 3 : 2;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits })}`;
}

/** A basis in words: "local: free", "no price", "$2.50 / $10.00 per M tokens (2025-06-01)". */
export function describeBasis(basis: PriceBasis): string {
  if (basis.kind === 'local') return 'local: free';
  if (basis.kind === 'none') return 'no price';
  const p = basis.price;
  return `${formatUsd(p.inputUsdPerMTok)} in / ${formatUsd(p.outputUsdPerMTok)} out per M tokens (${p.recordedAt})`;
}
