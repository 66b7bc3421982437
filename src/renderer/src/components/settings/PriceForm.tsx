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

/** One price in US dollars per million tokens, as typed. */
function UsdField(props: {
  label: string;
  value: string;
  invalid: boolean;
  onChange(value: string): void;
  testId: string;
  placeholder?: string;
}): React.JSX.Element {
  return (
    <label className="field field-narrow">
      <span className="field-label">{props.label}</span>
      <input
        type="number"
        min={0}
        step="any"
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.invalid}
        onChange={(event) => props.onChange(event.target.value)}
        data-testid={props.testId}
      />
    </label>
  );
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
      <UsdField
        label="Input $ / M tokens"
        value={input}
        invalid={input !== '' && inputPrice === null}
        onChange={setInput}
        testId="price-input"
      />
      <UsdField
        label="Output $ / M tokens"
        value={output}
        invalid={output !== '' && outputPrice === null}
        onChange={setOutput}
        testId="price-output"
      />
      <UsdField
        label="Batch input $ / M"
        value={batchIn}
        placeholder="half"
        invalid={!batchValid}
        onChange={setBatchIn}
        testId="price-batch-input"
      />
      <UsdField
        label="Batch output $ / M"
        value={batchOut}
        placeholder="half"
        invalid={!batchValid}
        onChange={setBatchOut}
        testId="price-batch-output"
      />
      <button type="submit" className="button button-primary" disabled={!valid || busy} data-testid="price-save">
        {initial ? 'Save price' : 'Add price'}
      </button>
      {error ? <ErrorBox error={error} title="The price was not saved" /> : null}
    </form>
  );
}
