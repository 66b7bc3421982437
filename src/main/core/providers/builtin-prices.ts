/**
 * Built-in prices for the curated models (providers/builtin-models.ts), US dollars per million input and output
 * tokens, as the providers listed them on BUILTIN_PRICES_RECORDED_AT. A snapshot to check: prices change, and a
 * researcher's own price in Settings overrides any of these. The batch tier is half of these prices unless the
 * researcher sets a batch price; cached-input and long-context tiers are not modelled.
 */
import type { ProviderId } from '../../../shared/domain';

export const BUILTIN_PRICES_RECORDED_AT = '2025-06-01';

export interface BuiltinPrice {
  providerId: ProviderId;
  modelId: string;
  /** A dated version priced apart from the model's other versions; null: every version of the model. */
  modelVersion: string | null;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

const p = (
  providerId: ProviderId,
  modelId: string,
  inputUsdPerMTok: number,
  outputUsdPerMTok: number,
  modelVersion: string | null = null,
): BuiltinPrice => ({ providerId, modelId, modelVersion, inputUsdPerMTok, outputUsdPerMTok });

export const BUILTIN_PRICES: readonly BuiltinPrice[] = [
  p('openai', 'gpt-4o-mini', 0.15, 0.6),
  p('openai', 'gpt-4o', 2.5, 10),
  p('openai', 'gpt-4o', 5, 15, 'gpt-4o-2024-05-13'),
  p('openai', 'gpt-4.1', 2, 8),
  p('openai', 'gpt-4.1-mini', 0.4, 1.6),
  p('openai', 'gpt-4.1-nano', 0.1, 0.4),
  p('openai', 'gpt-4-turbo', 10, 30),
  p('openai', 'gpt-3.5-turbo', 0.5, 1.5),
  p('anthropic', 'claude-3-5-haiku-latest', 0.8, 4),
  p('anthropic', 'claude-3-5-sonnet-latest', 3, 15),
  p('anthropic', 'claude-3-7-sonnet-latest', 3, 15),
  p('anthropic', 'claude-sonnet-4-0', 3, 15),
  p('anthropic', 'claude-opus-4-0', 15, 75),
  p('anthropic', 'claude-3-opus-latest', 15, 75),
  p('google', 'gemini-2.0-flash', 0.1, 0.4),
  p('google', 'gemini-2.0-flash-lite', 0.075, 0.3),
  p('google', 'gemini-1.5-pro', 1.25, 5),
  p('google', 'gemini-1.5-flash', 0.075, 0.3),
  p('google', 'gemini-2.5-flash', 0.3, 2.5),
  p('google', 'gemini-2.5-pro', 1.25, 10),
  p('xai', 'grok-2', 2, 10),
  p('xai', 'grok-3', 3, 15),
  p('xai', 'grok-3-mini', 0.3, 0.5),
  p('deepseek', 'deepseek-chat', 0.27, 1.1),
  p('deepseek', 'deepseek-reasoner', 0.55, 2.19),
  p('mistral', 'mistral-large-latest', 2, 6),
  p('mistral', 'mistral-small-latest', 0.1, 0.3),
  p('mistral', 'open-mistral-nemo', 0.15, 0.15),
];
