/** Builds the list of models a run will use from the catalog (or typed ids), each with an exact version, as removable chips. */
import { useState } from 'react';
import { modelKey, type ModelRef, type ProviderSettingsView } from '@shared/domain';
import { healthWord } from '../lib/fixes';
import { useCatalog, useKnownHealth } from '../data/health';
import { isProviderReady } from '../data/providers';
import { ModelChooser, modelsOf, type ModelDraft } from './ModelChooser';

interface ModelPickerProps {
  providers: ProviderSettingsView[];
  models: ModelRef[];
  onChange(models: ModelRef[]): void;
  disabled?: boolean;
  /** Each chosen model's version can be edited in place (the re-run dialog); suggestions come from here and the catalog. */
  versionSuggestions?(model: ModelRef): string[];
}

export function ModelPicker({
  providers,
  models,
  onChange,
  disabled = false,
  versionSuggestions,
}: ModelPickerProps): React.JSX.Element {
  const catalog = useCatalog();
  const health = useKnownHealth().data?.providers ?? null;
  // Preselected only when known to work: connected at its last check, or else holding a key. A local server that needs
  // no key is not preselected on that alone (a fresh install without Ollama would greet the newcomer with an error).
  const preferred =
    providers.find((p) => health?.some((h) => h.providerId === p.providerId && h.status === 'connected')) ??
    providers.find((p) => p.keyRequired && p.keySource !== 'none');
  const [draft, setDraft] = useState<ModelDraft>({
    providerId: preferred?.providerId ?? '',
    modelId: '',
    version: '',
  });
  const [notice, setNotice] = useState<string | null>(null);
  const selected = providers.find((provider) => provider.providerId === draft.providerId);
  const listing = catalog.data?.providers.find((p) => p.providerId === draft.providerId) ?? null;

  function add(): void {
    const id = draft.modelId.trim();
    if (!id || !draft.providerId) return;
    const ref: ModelRef = { providerId: draft.providerId, modelId: id, modelVersion: draft.version.trim() || null };
    if (models.some((model) => modelKey(model) === modelKey(ref))) {
      setNotice(`${modelKey(ref)} is already in the list.`);
      return;
    }
    onChange([...models, ref]);
    setDraft({ ...draft, modelId: '', version: '' });
    const listed = modelsOf(catalog?.data ?? null, ref.providerId).find((model) => model.id === ref.modelId);
    setNotice(
      listed && !listed.isAvailable
        ? `${modelKey(ref)} is marked unavailable: ${selected?.displayName ?? ref.providerId} has no key or did not list it, so its jobs may fail. Check it in Settings → System Health, or remove it.`
        : null,
    );
  }

  function setVersion(index: number, version: string): void {
    onChange(models.map((model, i) => (i === index ? { ...model, modelVersion: version.trim() || null } : model)));
  }

  function catalogVersions(model: ModelRef): string[] {
    const listed = modelsOf(catalog?.data ?? null, model.providerId).find((m) => m.id === model.modelId);
    return [...new Set([...(versionSuggestions?.(model) ?? []), ...(listed?.versions ?? [])])];
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
          disabled={disabled || !draft.providerId || !draft.modelId.trim()}
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
          disabled={disabled || catalog.loading}
          data-testid="refresh-models"
          onClick={() => void catalog.askProviders()}
        >
          {catalog.loading ? 'Asking the providers…' : 'Ask the providers for their current lists'}
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
      {notice ? (
        <p className="field-hint warning-text" role="status" data-testid="model-notice">
          {notice}
        </p>
      ) : null}
      <ul className="chips" aria-label="Selected models" data-testid="selected-models">
        {models.map((model, index) => (
          // In-place version editing changes the key as you type, so chips are keyed by position there.
          <li key={versionSuggestions ? index : modelKey(model)} className="chip" data-testid="model-chip">
            {versionSuggestions ? (
              <VersionField model={model} index={index} versions={catalogVersions(model)} onVersion={setVersion} />
            ) : (
              <span className="mono model-key">{modelKey(model)}</span>
            )}

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
      {models.length > 0 ? (
        <ul className="plain-list chosen-health small" aria-label="Last health check" data-testid="chosen-health">
          {[...new Set(models.map((model) => model.providerId))].map((providerId) => {
            const result = health?.find((p) => p.providerId === providerId);
            return (
              <li key={providerId} data-testid={`model-health-${providerId}`}>
                <span className={`dot ${result?.status === 'connected' ? 'dot-ok' : result ? 'dot-bad' : ''}`} />{' '}
                {providers.find((p) => p.providerId === providerId)?.displayName ?? providerId}: {healthWord(result)}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

interface VersionFieldProps {
  model: ModelRef;
  index: number;
  versions: string[];
  onVersion(index: number, version: string): void;
}

/** `provider:model @ [version]` with the version typed or picked from the versions known for the model. */
function VersionField({ model, index, versions, onVersion }: VersionFieldProps): React.JSX.Element {
  const listId = `chip-versions-${index}`;
  return (
    <span className="chip-version">
      <span className="mono model-key">
        {model.providerId}:{model.modelId}
      </span>{' '}
      @{' '}
      <input
        type="text"
        className="mono"
        spellCheck={false}
        autoComplete="off"
        list={listId}
        value={model.modelVersion ?? ''}
        placeholder="provider default"
        aria-label={`Version for ${model.providerId}:${model.modelId}`}
        data-testid="rerun-version"
        onChange={(event) => onVersion(index, event.currentTarget.value)}
      />
      <datalist id={listId}>
        {versions.map((version) => (
          <option key={version} value={version} />
        ))}
      </datalist>
    </span>
  );
}
