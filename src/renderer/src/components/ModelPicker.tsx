/** Builds the list of models a run will use from the catalog (or typed ids), each with an exact version, as removable chips. */
import { useEffect, useState } from 'react';
import { modelKey, type ModelRef, type ProviderSettingsView } from '@shared/domain';
import { useHealth } from '../stores/health';
import { isProviderReady } from '../stores/providers';
import { ModelChooser, type ModelDraft } from './ModelChooser';

interface ModelPickerProps {
  providers: ProviderSettingsView[];
  models: ModelRef[];
  onChange(models: ModelRef[]): void;
  disabled?: boolean;
}

export function ModelPicker({ providers, models, onChange, disabled = false }: ModelPickerProps): React.JSX.Element {
  const catalog = useHealth((state) => state.catalog);
  const loadCatalog = useHealth((state) => state.loadCatalog);
  const firstReady = providers.find(isProviderReady) ?? providers[0];
  const [draft, setDraft] = useState<ModelDraft>({
    providerId: firstReady?.providerId ?? 'openai',
    modelId: '',
    version: '',
  });
  const [notice, setNotice] = useState<string | null>(null);
  const selected = providers.find((provider) => provider.providerId === draft.providerId);
  const listing = catalog?.data?.providers.find((p) => p.providerId === draft.providerId) ?? null;

  useEffect(() => {
    void loadCatalog(false);
  }, [loadCatalog]);

  function add(): void {
    const id = draft.modelId.trim();
    if (!id) return;
    const ref: ModelRef = { providerId: draft.providerId, modelId: id, modelVersion: draft.version.trim() || null };
    if (models.some((model) => modelKey(model) === modelKey(ref))) {
      setNotice(`${modelKey(ref)} is already in the list.`);
      return;
    }
    onChange([...models, ref]);
    setDraft({ ...draft, modelId: '', version: '' });
    setNotice(null);
  }

  return (
    <div className="model-picker">
      <div className="field-row">
        <ModelChooser
          providers={providers}
          catalog={catalog?.data ?? null}
          value={draft}
          onChange={setDraft}
          onSubmit={add}
          disabled={disabled}
        />
        <button
          type="button"
          className="button"
          disabled={disabled || !draft.modelId.trim()}
          data-testid="add-model"
          onClick={add}
        >
          Add model
        </button>
      </div>
      <p className="field-hint muted small">
        {listing?.refreshedAt
          ? `Model list from ${selected?.displayName ?? draft.providerId} as of ${new Date(listing.refreshedAt).toLocaleTimeString()}.`
          : 'Built-in model list.'}{' '}
        <button
          type="button"
          className="button-link"
          disabled={disabled || catalog?.loading}
          data-testid="refresh-models"
          onClick={() => void loadCatalog(true)}
        >
          {catalog?.loading ? 'Asking the providers…' : 'Ask the providers for their current lists'}
        </button>
        {listing?.error ? <span className="warning-text"> Last listing failed: {listing.error.message}</span> : null}
      </p>
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
            <span className="mono model-key">{modelKey(model)}</span>
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
