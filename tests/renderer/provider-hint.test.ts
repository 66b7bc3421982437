/** Issue 23 #17: a provider's Settings card does not send the person to "Settings → Mistral" while they are there. */
import { describe, expect, it } from 'vitest';
import { hintOnCard } from '../../src/renderer/src/components/ProviderHealthCard';

describe('the fix hint on a provider’s own card', () => {
  it('says "on this card" for the place in Settings, keeping the rest of the sentence', () => {
    expect(hintOnCard('No API key: enter it in Settings → Mistral or set MISTRAL_API_KEY.')).toBe(
      'No API key: enter it on this card or set MISTRAL_API_KEY.',
    );
    expect(hintOnCard('Check the base URL and key in Settings → Ollama (local).')).toBe(
      'Check the base URL and key on this card.',
    );
    expect(hintOnCard('Set the server’s base URL in Settings → llama.cpp server or set LLAMACPP_BASE_URL.')).toBe(
      'Set the server’s base URL on this card or set LLAMACPP_BASE_URL.',
    );
    expect(hintOnCard('Check the base URL in Settings → llama.cpp')).toBe('Check the base URL on this card');
  });

  it('leaves hints that name no place in Settings as they are', () => {
    const hint = 'The server is not running: start it with "ollama serve".';
    expect(hintOnCard(hint)).toBe(hint);
  });
});
