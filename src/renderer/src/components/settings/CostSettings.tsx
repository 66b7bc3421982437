/**
 * Settings → Cost: the confirmation threshold (runs estimated above it ask first) and the price table (built-in
 * prices, the researcher's own which override them, each with the date it was recorded).
 */
import { useEffect, useState } from 'react';
import type { ModelPrice } from '@shared/prices';
import { formatUsd } from '@shared/prices';
import { batchBasis } from '@shared/batch';
import { usePreferences, usePrices, useRemovePrice, useSavePreferences } from '../../data/settings';
import { ErrorBox } from '../ErrorBox';
import { PriceForm } from './PriceForm';

export function CostSettings(): React.JSX.Element {
  const list = usePrices();
  const prices = list.data;
  const [editing, setEditing] = useState<ModelPrice | null>(null);
  const removing = useRemovePrice();
  const error = removing.error ?? (prices ? null : list.error);
  // "Edit" fills the form above the table: bring it into view and put the keyboard on the price to change.
  useEffect(() => {
    if (!editing) return;
    const form = document.querySelector<HTMLElement>('[data-testid="price-form"]');
    form?.scrollIntoView({ block: 'center' });
    form?.querySelector<HTMLElement>('[data-testid="price-input"]')?.focus({ preventScroll: true });
  }, [editing]);

  async function remove(price: ModelPrice): Promise<void> {
    await removing.run({ providerId: price.providerId, modelId: price.modelId, modelVersion: price.modelVersion });
  }

  return (
    <section className="card" aria-labelledby="cost-heading" data-testid="cost-settings">
      <h2 id="cost-heading">Cost</h2>
      <CostThresholdField />
      <p className="muted small">
        US dollars per million tokens. Built-in prices are a dated snapshot: check them against your provider’s price
        page. Local servers (Ollama, LM Studio, llama.cpp, a custom server on this computer) cost nothing; a model with
        no price shows “no price” and is left out of totals.
      </p>
      {error ? <ErrorBox error={error} title="Prices could not be changed" testId="prices-error" /> : null}
      <PriceForm key={editing ? priceKey(editing) : 'new'} initial={editing} onSaved={() => setEditing(null)} />
      {prices ? (
        <details className="price-table" data-testid="price-table">
          <summary>
            {prices.length} prices ({prices.filter((p) => p.source === 'user').length} yours)
          </summary>
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Input / M</th>
                <th scope="col">Output / M</th>
                <th scope="col" title="Batch mode's price: yours, or half the real-time price">
                  Batch in / out
                </th>
                <th scope="col">Recorded</th>
                <th scope="col">Source</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {prices.map((price) => (
                <tr key={priceKey(price)} data-testid="price-row" data-model={priceKey(price)}>
                  <td>{priceKey(price)}</td>
                  <td>{formatUsd(price.inputUsdPerMTok)}</td>
                  <td>{formatUsd(price.outputUsdPerMTok)}</td>
                  <td data-testid="price-batch">{batchText(price)}</td>
                  <td>{price.recordedAt}</td>
                  <td>
                    {price.source === 'user'
                      ? price.overridesBuiltin
                        ? 'yours (replaces built-in)'
                        : 'yours'
                      : 'built-in'}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button-link"
                      onClick={() => setEditing(price)}
                      data-testid="price-edit"
                    >
                      Edit
                    </button>
                    {price.source === 'user' ? (
                      <>
                        {' '}
                        <button
                          type="button"
                          className="button-link danger"
                          onClick={() => void remove(price)}
                          data-testid="price-remove"
                        >
                          {price.overridesBuiltin ? 'Use built-in' : 'Remove'}
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

/** The batch tier as the table shows it: the researcher's prices, or the published discount. */
function batchText(price: ModelPrice): string {
  const tier = batchBasis({ kind: 'priced', price });
  if (tier.kind !== 'priced') return '';
  const text = `${formatUsd(tier.price.inputUsdPerMTok)} / ${formatUsd(tier.price.outputUsdPerMTok)}`;
  return price.batchInputUsdPerMTok === null ? `${text} (half)` : text;
}

export function priceKey(price: Pick<ModelPrice, 'providerId' | 'modelId' | 'modelVersion'>): string {
  return `${price.providerId}:${price.modelId}${price.modelVersion ? `@${price.modelVersion}` : ''}`;
}

/** The threshold above which starting a run asks first; empty: never ask. */
function CostThresholdField(): React.JSX.Element {
  const [draft, setDraft] = useState<string | null>(null);
  const stored = usePreferences();
  const saved = stored.data?.costConfirmThresholdUsd;
  const saving = useSavePreferences();
  const error = saving.error ?? (stored.data ? null : stored.error);
  const [done, setDone] = useState(false);

  const text = draft ?? (saved === undefined || saved === null ? '' : String(saved));
  const value = text.trim() === '' ? null : Number(text);
  const invalid = value !== null && (!Number.isFinite(value) || value < 0 || value > 1_000_000);

  async function save(): Promise<void> {
    setDone(false);
    const next = await saving.run({ costConfirmThresholdUsd: value });
    if (!next) return;
    setDraft(null);
    setDone(true);
  }

  return (
    <form
      className="field-row"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label className="field">
        <span className="field-label">Ask before runs estimated over (US $)</span>
        <input
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          placeholder="never ask"
          value={text}
          aria-invalid={invalid}
          data-testid="cost-threshold"
          onChange={(event) => {
            setDraft(event.target.value);
            setDone(false);
          }}
        />
      </label>
      <button type="submit" className="button" disabled={invalid || draft === null} data-testid="cost-threshold-save">
        Save
      </button>
      {invalid ? <span className="field-error">Enter an amount from 0 to 1,000,000, or leave it empty.</span> : null}
      {done ? (
        <span className="success-text" role="status" data-testid="cost-threshold-saved">
          {saved === null ? 'Saved: never ask.' : `Saved: runs over ${formatUsd(saved ?? 0)} ask first.`}
        </span>
      ) : null}
      {error ? <ErrorBox error={error} title="The threshold was not saved" /> : null}
    </form>
  );
}
