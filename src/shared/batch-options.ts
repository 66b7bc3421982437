/**
 * Validate before submit (issue 26): what a provider's batch endpoint refuses of a run's options, per model, known here
 * so that `runs.create` and the start form's batch option say so before anything is uploaded, not in an error file a
 * day later. The request bodies themselves are the Python wires' (python/valuerank_worker/wires/*_batch.py); this is
 * the one table of what those bodies may not carry, per provider and model.
 */
import { modelKey, type ModelRef, type ProviderId, type RunOptions } from './domain';

/** The options a batch request carries (the rest of a run's options never reach the provider). */
export type BatchRequestOptions = Pick<RunOptions, 'temperature' | 'maxTokens'>;

interface ModelRule {
  /** Matches the id sent (the pinned version, else the model id). */
  match: RegExp;
  /** Most output tokens the model accepts in one answer (max_tokens above it is refused). */
  maxOutputTokens?: number;
  /** Why the batch endpoint refuses the model whatever the options; absent: it takes it. */
  refused?: string;
  /** A reasoning model: no max_tokens (it wants max_completion_tokens) and only the default temperature. */
  reasoning?: boolean;
}

interface ProviderRules {
  /** The highest temperature the provider accepts. */
  maxTemperature: number;
  /** First match wins. */
  models: ModelRule[];
}

const RULES: Partial<Record<ProviderId, ProviderRules>> = {
  openai: {
    maxTemperature: 2,
    models: [
      {
        match: /realtime|audio|search|transcribe|tts/,
        refused: 'the Batch API takes no realtime, audio or search model on /v1/chat/completions',
      },
      { match: /^o\d/, reasoning: true },
      { match: /^gpt-4\.1/, maxOutputTokens: 32_768 },
      { match: /^gpt-4o/, maxOutputTokens: 16_384 },
      { match: /^(gpt-4-turbo|gpt-3\.5-turbo)/, maxOutputTokens: 4_096 },
    ],
  },
  anthropic: {
    maxTemperature: 1,
    models: [
      { match: /^claude-3-5-(haiku|sonnet)/, maxOutputTokens: 8_192 },
      { match: /^claude-3-(haiku|sonnet|opus)/, maxOutputTokens: 4_096 },
      { match: /^claude-opus-4/, maxOutputTokens: 32_000 },
      { match: /^claude-(3-7-sonnet|sonnet-4)/, maxOutputTokens: 64_000 },
    ],
  },
};

/** What the provider's batch endpoint would refuse of these options for this model, in words; empty: nothing. */
export function batchOptionProblems(model: ModelRef, options: BatchRequestOptions): string[] {
  const rules = RULES[model.providerId];
  if (!rules) return [];
  const sent = model.modelVersion ?? model.modelId;
  const rule = rules.models.find((r) => r.match.test(sent));
  if (rule?.refused) return [rule.refused];
  const problems: string[] = [];
  const { temperature, maxTokens } = options;
  if (rule?.reasoning) {
    if (temperature !== null && temperature !== 1)
      problems.push(`temperature ${temperature}: a reasoning model takes only its default temperature`);
    if (maxTokens !== null)
      problems.push(`max tokens ${maxTokens}: a reasoning model refuses max_tokens (leave it empty)`);
    return problems;
  }
  if (temperature !== null && temperature > rules.maxTemperature)
    problems.push(`temperature ${temperature}: this provider accepts 0 to ${rules.maxTemperature}`);
  if (maxTokens !== null && rule?.maxOutputTokens !== undefined && maxTokens > rule.maxOutputTokens)
    problems.push(
      `max tokens ${maxTokens}: this model answers with at most ${rule.maxOutputTokens.toLocaleString('en-US')}`,
    );
  return problems;
}

/** Every model's problems, each as "provider:model: problem" (what runs.create and the start form show). */
export function batchOptionRefusals(models: readonly ModelRef[], options: BatchRequestOptions): string[] {
  return models.flatMap((model) => batchOptionProblems(model, options).map((p) => `${modelKey(model)}: ${p}`));
}
