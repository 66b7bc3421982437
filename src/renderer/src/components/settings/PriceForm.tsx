/**
 * Add or change one price (recorded today): provider, model id, an optional pinned version, input and output prices,
 * and optionally the batch tier's input and output prices (both or neither; empty: the provider's discount, half).
 */
import { useState } from 'react';
import { PROVIDER_IDS, type ProviderId } from '@shared/domain';
import { MAX_USD_PER_MILLION, type ModelPrice } from '@shared/prices';
import { useSavePrice } from '../../data/settings';
import { ErrorBox } from '../ErrorBox';

interface PriceFormProps {
  /** The price being edited (its model fixed), or null to add one. */
  initial: ModelPrice | null;
  onSaved(prices: ModelPrice[]): void;
}

function priceOf(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 && value <= MAX_USD_PER_MILLION ? value : null;
}

export function PriceForm({ initial, onSaved }: PriceFormProps): React.JSX.Element {
  const [providerId, setProviderId] = useState<ProviderId>(initial?.providerId ?? 'openai');
  const [modelId, setModelId] = useState(initial?.modelId ?? '');
  const [version, setVersion] = useState(initial?.modelVersion ?? '');
  const [input, setInput] = useState(initial ? String(initial.inputUsdPerMTok) : '');
  const [output, setOutput] = useState(initial ? String(initial.outputUsdPerMTok) : '');
  const [batchIn, setBatchIn] = useState(initial?.batchInputUsdPerMTok?.toString() ?? '');
  const [batchOut, setBatchOut] = useState(initial?.batchOutputUsdPerMTok?.toString() ?? '');
  const saving = useSavePrice();
  const { busy, error } = saving;
  const inputPrice = priceOf(input);
  const outputPrice = priceOf(output);
  const batchInPrice = priceOf(batchIn);
  const batchOutPrice = priceOf(batchOut);
  // Both batch prices, or neither (the published discount).
  const batchValid =
    (batchIn.trim() === '' && batchOut.trim() === '') || (batchInPrice !== null && batchOutPrice !== null);
  const valid = modelId.trim() !== '' && inputPrice !== null && outputPrice !== null && batchValid;

  async function save(): Promise<void> {
    if (!valid) return;
    const saved = await saving.run({
      providerId,
      modelId: modelId.trim(),
      modelVersion: version.trim() === '' ? null : version.trim(),
      inputUsdPerMTok: inputPrice,
      outputUsdPerMTok: outputPrice,
      batchInputUsdPerMTok: batchInPrice,
      batchOutputUsdPerMTok: batchOutPrice,
    });
    if (saved) onSaved(saved);
  }

  return (
    <form
      className="field-row price-form"
      data-testid="price-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label className="field">
        <span className="field-label">Provider</span>
        <select
          value={providerId}
          disabled={initial !== null}
          onChange={(event) => setProviderId(event.target.value as ProviderId)}
          data-testid="price-provider"
        >
          {PROVIDER_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-grow">
        <span className="field-label">Model id</span>
        <input
          type="text"
          value={modelId}
          readOnly={initial !== null}
          onChange={(event) => setModelId(event.target.value)}
          data-testid="price-model"
        />
      </label>
      <label className="field">
        <span className="field-label">Version (optional)</span>
        <input
          type="text"
          value={version}
          readOnly={initial !== null}
          placeholder="every version"
          onChange={(event) => setVersion(event.target.value)}
          data-testid="price-version"
        />
      </label>
      <label className="field field-narrow">
        <span className="field-label">Input $ / M tokens</span>
        <input
          type="number"
          min={0}
          step="any"
          value={input}
          aria-invalid={input !== '' && inputPrice === null}
          onChange={(event) => setInput(event.target.value)}
          data-testid="price-input"
        />
      </label>
      <label className="field field-narrow">
        <span className="field-label">Output $ / M tokens</span>
        <input
          type="number"
          min={0}
          step="any"
          value={output}
          aria-invalid={output !== '' && outputPrice === null}
          onChange={(event) => setOutput(event.target.value)}
          data-testid="price-output"
        />
      </label>
      <label className="field field-narrow">
        <span className="field-label">Batch input $ / M</span>
        <input
          type="number"
          min={0}
          step="any"
          value={batchIn}
          placeholder="half"
          aria-invalid={!batchValid}
          onChange={(event) => setBatchIn(event.target.value)}
          data-testid="price-batch-input"
        />
      </label>
      <label className="field field-narrow">
        <span className="field-label">Batch output $ / M</span>
        <input
          type="number"
          min={0}
          step="any"
          value={batchOut}
          placeholder="half"
          aria-invalid={!batchValid}
          onChange={(event) => setBatchOut(event.target.value)}
          data-testid="price-batch-output"
        />
      </label>
      <button type="submit" className="button button-primary" disabled={!valid || busy} data-testid="price-save">
        {initial ? 'Save price' : 'Add price'}
      </button>
      {error ? <ErrorBox error={error} title="The price was not saved" /> : null}
    </form>
  );
}
