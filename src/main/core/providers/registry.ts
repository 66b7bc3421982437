/** The providers the app can talk to: wire format, default endpoint and the environment names their SDKs use. */
import type { ProviderId } from '../../../shared/domain';
import type { WireFormat } from '../../../shared/worker-errors';

export type { WireFormat };

export interface ProviderSpec {
  id: ProviderId;
  displayName: string;
  wire: WireFormat;
  /** For the openai wire format the base URL includes the /v1 path; for anthropic and gemini it is the host only. */
  defaultBaseUrl: string;
  envKey: string | null;
  envBaseUrl: string;
  keyRequired: boolean;
  local: boolean;
}

export const PROVIDERS: Record<ProviderId, ProviderSpec> = {
  openai: spec('openai', 'OpenAI', 'openai', 'https://api.openai.com/v1', 'OPENAI_API_KEY', 'OPENAI_BASE_URL'),
  anthropic: spec(
    'anthropic',
    'Anthropic',
    'anthropic',
    'https://api.anthropic.com',
    'ANTHROPIC_API_KEY',
    'ANTHROPIC_BASE_URL',
  ),
  google: spec(
    'google',
    'Google Gemini',
    'gemini',
    'https://generativelanguage.googleapis.com',
    'GEMINI_API_KEY',
    'GEMINI_BASE_URL',
  ),
  xai: spec('xai', 'xAI', 'openai', 'https://api.x.ai/v1', 'XAI_API_KEY', 'XAI_BASE_URL'),
  deepseek: spec(
    'deepseek',
    'DeepSeek',
    'openai',
    'https://api.deepseek.com/v1',
    'DEEPSEEK_API_KEY',
    'DEEPSEEK_BASE_URL',
  ),
  mistral: spec('mistral', 'Mistral', 'openai', 'https://api.mistral.ai/v1', 'MISTRAL_API_KEY', 'MISTRAL_BASE_URL'),
  ollama: local('ollama', 'Ollama (local)', 'http://127.0.0.1:11434/v1', 'OLLAMA_BASE_URL'),
  lmstudio: local('lmstudio', 'LM Studio (local)', 'http://127.0.0.1:1234/v1', 'LMSTUDIO_BASE_URL'),
  llamacpp: local('llamacpp', 'llama.cpp server (local)', 'http://127.0.0.1:8080/v1', 'LLAMACPP_BASE_URL'),
  compat: {
    ...spec(
      'compat',
      'OpenAI-compatible server',
      'openai',
      'http://127.0.0.1:8000/v1',
      'COMPAT_API_KEY',
      'COMPAT_BASE_URL',
    ),
    keyRequired: false,
  },
};

function spec(
  id: ProviderId,
  displayName: string,
  wire: WireFormat,
  defaultBaseUrl: string,
  envKey: string,
  envBaseUrl: string,
): ProviderSpec {
  return { id, displayName, wire, defaultBaseUrl, envKey, envBaseUrl, keyRequired: true, local: false };
}

function local(id: ProviderId, displayName: string, defaultBaseUrl: string, envBaseUrl: string): ProviderSpec {
  return { id, displayName, wire: 'openai', defaultBaseUrl, envKey: null, envBaseUrl, keyRequired: false, local: true };
}

/** Local servers are often configured without the /v1 suffix (as Ollama documents its host): add it. */
export function normalizeBaseUrl(provider: ProviderSpec, url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  if (provider.wire === 'openai' && provider.local && !/\/v1$/.test(trimmed)) return `${trimmed}/v1`;
  return trimmed;
}
