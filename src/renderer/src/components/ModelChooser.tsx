/**
 * One model, chosen from the catalog or typed: provider, model (catalog list or a custom id) and version (the catalog's
 * default preselected when a model is picked from the list; "provider default" sends no pin).
 */
import type { ProviderId, ProviderSettingsView } from '@shared/domain';
import type { AvailableModel, ModelCatalog } from '@shared/providers';

export interface ModelDraft {
  /** '' until a provider is chosen (nothing is preselected that is not known to work). */
  providerId: ProviderId | '';
  modelId: string;
  /** '' means the provider's default (no pinned version). */
  version: string;
}

const CUSTOM_HINTS: Partial<Record<ProviderId, string>> = {
  ollama: 'e.g. llama3.1:8b',
  lmstudio: 'the model loaded in LM Studio',
  llamacpp: 'the served model',
  compat: 'the server’s model id',
};

export function providerStatus(provider: ProviderSettingsView): string {
  if (!provider.keyRequired) return provider.keySource === 'none' ? 'no key needed' : 'key set';
  if (provider.keySource === 'settings') return 'key saved';
  if (provider.keySource === 'environment') return `key from ${provider.envKeyName ?? 'environment'}`;
  return 'no key';
}

export function modelsOf(catalog: ModelCatalog | null, providerId: ProviderId | ''): AvailableModel[] {
  if (!providerId) return [];
  return catalog?.models.filter((m) => m.providerId === providerId) ?? [];
}

interface ModelChooserProps {
  providers: ProviderSettingsView[];
  catalog: ModelCatalog | null;
  value: ModelDraft;
  onChange(next: ModelDraft): void;
  /** Enter in the model id field (the picker adds the model). */
  onSubmit?(): void;
  disabled?: boolean;
}

export function ModelChooser({
  providers,
  catalog,
  value,
  onChange,
  onSubmit,
  disabled = false,
}: ModelChooserProps): React.JSX.Element {
  const models = modelsOf(catalog, value.providerId);
  const known = models.find((m) => m.id === value.modelId.trim()) ?? null;
  return (
    <>
      <label className="field">
        <span className="field-label">Provider</span>
        <select
          value={value.providerId}
          disabled={disabled}
          data-testid="provider-select"
          onChange={(event) =>
            onChange({ providerId: event.currentTarget.value as ProviderId, modelId: '', version: '' })
          }
        >
          {value.providerId === '' ? (
            <option value="" disabled>
              Choose a provider…
            </option>
          ) : null}
          {providers.map((provider) => (
            <option key={provider.providerId} value={provider.providerId}>
              {provider.displayName} — {providerStatus(provider)}
            </option>
          ))}
        </select>
      </label>
      {models.length > 0 ? (
        <label className="field">
          <span className="field-label">Model</span>
          <select
            value={known ? known.id : ''}
            disabled={disabled}
            data-testid="model-select"
            onChange={(event) => {
              const chosen = models.find((m) => m.id === event.currentTarget.value);
              onChange({ ...value, modelId: chosen?.id ?? '', version: chosen?.defaultVersion ?? '' });
            }}
          >
            <option value="">{known || !value.modelId ? 'choose…' : 'custom id'}</option>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName}
                {m.isAvailable ? '' : ' (unavailable)'}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="field field-grow">
        <span className="field-label">Model id</span>
        <input
          type="text"
          value={value.modelId}
          disabled={disabled || value.providerId === ''}
          placeholder={
            models.length > 0
              ? 'or type any model id'
              : ((value.providerId && CUSTOM_HINTS[value.providerId]) ?? 'model id')
          }
          spellCheck={false}
          autoComplete="off"
          data-testid="model-id"
          onChange={(event) => onChange({ ...value, modelId: event.currentTarget.value })}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && onSubmit) {
              event.preventDefault();
              onSubmit();
            }
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">Version</span>
        {known && known.versions.length > 0 ? (
          <select
            value={value.version}
            disabled={disabled}
            data-testid="model-version"
            onChange={(event) => onChange({ ...value, version: event.currentTarget.value })}
          >
            <option value="">provider default (no pin)</option>
            {known.versions.map((v) => (
              <option key={v} value={v}>
                {v}
                {v === known.defaultVersion ? ' (default)' : ''}
              </option>
            ))}
          </select>
        ) : (
          <input
            type="text"
            value={value.version}
            disabled={disabled}
            placeholder="optional, e.g. a dated id"
            spellCheck={false}
            autoComplete="off"
            data-testid="model-version"
            onChange={(event) => onChange({ ...value, version: event.currentTarget.value })}
          />
        )}
      </label>
    </>
  );
}
