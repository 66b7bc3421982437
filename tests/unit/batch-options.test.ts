/** Validate before submit (issue 26): what each provider's batch endpoint refuses of a run's options, per model. */
import { describe, expect, it } from 'vitest';
import { batchOptionProblems, batchOptionRefusals } from '../../src/shared/batch-options';
import type { ModelRef } from '../../src/shared/domain';

const ref = (providerId: ModelRef['providerId'], modelId: string, modelVersion: string | null = null): ModelRef => ({
  providerId,
  modelId,
  modelVersion,
});
const none = { temperature: null, maxTokens: null };

describe('batchOptionProblems', () => {
  it('takes what the provider takes, and the defaults everywhere', () => {
    for (const model of [ref('openai', 'gpt-4o-mini'), ref('anthropic', 'claude-sonnet-4-0'), ref('openai', 'o3-mini')])
      expect(batchOptionProblems(model, none)).toEqual([]);
    expect(batchOptionProblems(ref('openai', 'gpt-4o'), { temperature: 2, maxTokens: 16_384 })).toEqual([]);
    expect(batchOptionProblems(ref('anthropic', 'claude-opus-4-0'), { temperature: 1, maxTokens: 32_000 })).toEqual([]);
    // A provider this table knows nothing of adds nothing (batchUnsupportedReason speaks for it).
    expect(batchOptionProblems(ref('google', 'gemini-2.0-flash'), { temperature: 2, maxTokens: 32_000 })).toEqual([]);
  });

  it('refuses a temperature over the provider’s range and max tokens over the model’s output limit', () => {
    expect(
      batchOptionProblems(ref('anthropic', 'claude-3-5-haiku-latest'), { temperature: 1.2, maxTokens: 9000 }),
    ).toEqual([
      'temperature 1.2: this provider accepts 0 to 1',
      'max tokens 9000: this model answers with at most 8,192',
    ]);
    expect(batchOptionProblems(ref('openai', 'gpt-4-turbo'), { temperature: null, maxTokens: 5000 })).toEqual([
      'max tokens 5000: this model answers with at most 4,096',
    ]);
    // The pinned version is what is sent, so it is what is checked.
    expect(
      batchOptionProblems(ref('anthropic', 'claude-3-5-sonnet-latest', 'claude-3-opus-20240229'), {
        temperature: null,
        maxTokens: 5000,
      }),
    ).toEqual(['max tokens 5000: this model answers with at most 4,096']);
  });

  it('refuses reasoning models’ temperature and max tokens, and models the Batch API does not take', () => {
    expect(batchOptionProblems(ref('openai', 'o1'), { temperature: 1, maxTokens: null })).toEqual([]);
    expect(batchOptionProblems(ref('openai', 'o4-mini'), { temperature: 0, maxTokens: 100 })).toHaveLength(2);
    expect(batchOptionProblems(ref('openai', 'gpt-4o-realtime-preview'), none)).toEqual([
      'the Batch API takes no realtime, audio or search model on /v1/chat/completions',
    ]);
    expect(batchOptionRefusals([ref('openai', 'gpt-4o-mini'), ref('openai', 'gpt-4o-audio-preview')], none)).toEqual([
      'openai:gpt-4o-audio-preview: the Batch API takes no realtime, audio or search model on /v1/chat/completions',
    ]);
  });
});
