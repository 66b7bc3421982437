/** Builds the list of models a run will use: provider (with its key status), model id and optional version, shown as removable chips. */
import { useState } from 'react';
import { modelKey, type ModelRef, type ProviderId, type ProviderSettingsView } from '@shared/domain';
import { isProviderReady } from '../stores/providers';

const MODEL_HINTS: Partial<Record<ProviderId, string>> = {
  openai: 'e.g. gpt-4o-mini',
  anthropic: 'e.g. claude-3-5-haiku-latest',
  google: 'e.g. gemini-1.5-flash',
  deepseek: 'e.g. deepseek-chat',
  mistral: 'e.g. mistral-small-latest',
  ollama: 'e.g. llama3.1:8b',
};

export function providerStatus(provider: ProviderSettingsView): string {
  if (!provider.keyRequired) return provider.keySource === 'none' ? 'no key needed' : 'key set';
  if (provider.keySource === 'settings') return 'key saved';
  if (provider.keySource === 'environment') return `key from ${provider.envKeyName ?? 'environment'}`;
  return 'no key';
}

interface ModelPickerProps {
  providers: ProviderSettingsView[];
  models: ModelRef[];
  onChange(models: ModelRef[]): void;
  disabled?: boolean;
}

export function ModelPicker({ providers, models, onChange, disabled = false }: ModelPickerProps): React.JSX.Element {
  const firstReady = providers.find(isProviderReady) ?? providers[0];
  const [providerId, setProviderId] = useState<ProviderId>(firstReady?.providerId ?? 'openai');
  const [modelId, setModelId] = useState('');
  const [version, setVersion] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const selected = providers.find((provider) => provider.providerId === providerId);

  function add(): void {
    const id = modelId.trim();
    if (!id) return;
    const ref: ModelRef = { providerId, modelId: id, modelVersion: version.trim() || null };
    if (models.some((model) => modelKey(model) === modelKey(ref))) {
      setNotice(`${modelKey(ref)} is already in the list.`);
      return;
    }
    onChange([...models, ref]);
    setModelId('');
    setVersion('');
    setNotice(null);
  }

  return (
    <div className="model-picker">
      <div className="field-row">
        <label className="field">
          <span className="field-label">Provider</span>
          <select
            value={providerId}
            disabled={disabled}
            data-testid="provider-select"
            onChange={(event) => setProviderId(event.currentTarget.value as ProviderId)}
          >
            {providers.map((provider) => (
              <option key={provider.providerId} value={provider.providerId}>
                {provider.displayName} — {providerStatus(provider)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-grow">
          <span className="field-label">Model id</span>
          <input
            type="text"
            value={modelId}
            disabled={disabled}
            placeholder={MODEL_HINTS[providerId] ?? 'model id'}
            spellCheck={false}
            autoComplete="off"
            data-testid="model-id"
            onChange={(event) => setModelId(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              }
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">Version (optional)</span>
          <input
            type="text"
            value={version}
            disabled={disabled}
            placeholder="e.g. 2024-07-18"
            spellCheck={false}
            autoComplete="off"
            data-testid="model-version"
            onChange={(event) => setVersion(event.currentTarget.value)}
          />
        </label>
        <button
          type="button"
          className="button"
          disabled={disabled || !modelId.trim()}
          data-testid="add-model"
          onClick={add}
        >
          Add model
        </button>
      </div>
      {selected && !isProviderReady(selected) ? (
        <p className="field-hint warning-text">
          {selected.displayName} has no API key. Add one in <a href="#/settings">Settings</a>
          {selected.envKeyName ? (
            <>
              {' '}
              or set <code>{selected.envKeyName}</code> before starting the app
            </>
          ) : null}
          .
        </p>
      ) : null}
      {notice ? <p className="field-hint">{notice}</p> : null}
      <ul className="chips" aria-label="Selected models" data-testid="selected-models">
        {models.map((model) => (
          <li key={modelKey(model)} className="chip" data-testid="model-chip">
            <span className="mono">{modelKey(model)}</span>
            <button
              type="button"
              className="chip-remove"
              disabled={disabled}
              aria-label={`Remove ${modelKey(model)}`}
              onClick={() => onChange(models.filter((other) => modelKey(other) !== modelKey(model)))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
