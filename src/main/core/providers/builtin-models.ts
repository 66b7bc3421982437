/**
 * The curated list of current models and their dated versions, so the picker offers exact versions before (or
 * without) a provider listing. Only names the providers publish; a provider's own listing adds whatever is missing.
 */
import type { ProviderId } from '../../../shared/domain';

export interface BuiltinModel {
  providerId: ProviderId;
  /** The name sent when no version is pinned (an alias such as "claude-3-5-haiku-latest"). */
  id: string;
  displayName: string;
  /**
   * The prefix a dated version carries ("claude-3-5-haiku" for claude-3-5-haiku-20241022): listed ids
   * `<family>-<date>` are recognised as further versions of this model. Defaults to the id.
   */
  family?: string;
  versions: string[];
  defaultVersion: string | null;
}

const m = (
  providerId: ProviderId,
  id: string,
  displayName: string,
  versions: string[] = [],
  defaultVersion: string | null = versions.at(-1) ?? null,
  family?: string,
): BuiltinModel => ({ providerId, id, displayName, versions, defaultVersion, ...(family ? { family } : {}) });

export const BUILTIN_MODELS: readonly BuiltinModel[] = [
  m('openai', 'gpt-4o-mini', 'GPT-4o mini', ['gpt-4o-mini-2024-07-18']),
  m('openai', 'gpt-4o', 'GPT-4o', ['gpt-4o-2024-05-13', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'], 'gpt-4o-2024-08-06'),
  m('openai', 'gpt-4.1', 'GPT-4.1', ['gpt-4.1-2025-04-14']),
  m('openai', 'gpt-4.1-mini', 'GPT-4.1 mini', ['gpt-4.1-mini-2025-04-14']),
  m('openai', 'gpt-4.1-nano', 'GPT-4.1 nano', ['gpt-4.1-nano-2025-04-14']),
  m('openai', 'gpt-4-turbo', 'GPT-4 Turbo', ['gpt-4-turbo-2024-04-09']),
  m('openai', 'gpt-3.5-turbo', 'GPT-3.5 Turbo', ['gpt-3.5-turbo-0125']),
  m(
    'anthropic',
    'claude-3-5-haiku-latest',
    'Claude 3.5 Haiku',
    ['claude-3-5-haiku-20241022'],
    undefined,
    'claude-3-5-haiku',
  ),
  m(
    'anthropic',
    'claude-3-5-sonnet-latest',
    'Claude 3.5 Sonnet',
    ['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-20241022'],
    undefined,
    'claude-3-5-sonnet',
  ),
  m(
    'anthropic',
    'claude-3-7-sonnet-latest',
    'Claude 3.7 Sonnet',
    ['claude-3-7-sonnet-20250219'],
    undefined,
    'claude-3-7-sonnet',
  ),
  m('anthropic', 'claude-sonnet-4-0', 'Claude Sonnet 4', ['claude-sonnet-4-20250514'], undefined, 'claude-sonnet-4'),
  m('anthropic', 'claude-opus-4-0', 'Claude Opus 4', ['claude-opus-4-20250514'], undefined, 'claude-opus-4'),
  m('anthropic', 'claude-3-opus-latest', 'Claude 3 Opus', ['claude-3-opus-20240229'], undefined, 'claude-3-opus'),
  m('google', 'gemini-2.0-flash', 'Gemini 2.0 Flash', ['gemini-2.0-flash-001']),
  m('google', 'gemini-2.0-flash-lite', 'Gemini 2.0 Flash-Lite', ['gemini-2.0-flash-lite-001']),
  m('google', 'gemini-1.5-pro', 'Gemini 1.5 Pro', ['gemini-1.5-pro-001', 'gemini-1.5-pro-002']),
  m('google', 'gemini-1.5-flash', 'Gemini 1.5 Flash', ['gemini-1.5-flash-001', 'gemini-1.5-flash-002']),
  m('google', 'gemini-2.5-flash', 'Gemini 2.5 Flash'),
  m('google', 'gemini-2.5-pro', 'Gemini 2.5 Pro'),
  m('xai', 'grok-2', 'Grok 2', ['grok-2-1212']),
  m('xai', 'grok-3', 'Grok 3'),
  m('xai', 'grok-3-mini', 'Grok 3 mini'),
  m('deepseek', 'deepseek-chat', 'DeepSeek-V3 (chat)'),
  m('deepseek', 'deepseek-reasoner', 'DeepSeek-R1 (reasoner)'),
  m(
    'mistral',
    'mistral-large-latest',
    'Mistral Large',
    ['mistral-large-2407', 'mistral-large-2411'],
    undefined,
    'mistral-large',
  ),
  m(
    'mistral',
    'mistral-small-latest',
    'Mistral Small',
    ['mistral-small-2409', 'mistral-small-2501', 'mistral-small-2503'],
    undefined,
    'mistral-small',
  ),
  m('mistral', 'open-mistral-nemo', 'Mistral NeMo', ['open-mistral-nemo-2407']),
];

/** A version suffix: 2024-08-06, 20241022, 0125 / 1212 / 2411 (MMDD or YYMM), 001. */
const VERSION_SUFFIX = /^(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|\d{3})$/;

/** Whether a listed id is a dated version of the model with this family prefix. */
export function isVersionOf(listedId: string, family: string): boolean {
  return listedId.startsWith(`${family}-`) && VERSION_SUFFIX.test(listedId.slice(family.length + 1));
}

/**
 * Listings include models that cannot answer a chat prompt (embeddings, speech, images, moderation): keep them out
 * of the picker. A custom id can still be typed.
 */
const NOT_CHAT =
  /(embed|whisper|tts|dall-e|moderation|davinci|babbage|transcribe|image|audio|realtime|search|computer-use)/i;

export function isChatModelId(id: string): boolean {
  return !NOT_CHAT.test(id);
}
