/**
 * The form view: name, preamble, template, dimensions and levels, and the answer scale, each field editing the same
 * text the text view shows through the document operations (only the edited part of the text changes, comments and
 * layout elsewhere stay). A text with syntax errors is fixed in the text view first.
 */
import { useState } from 'react';
import * as doc from '@shared/definition-document';
import { DimensionFields } from './DimensionFields';

interface DefinitionFormProps {
  text: string;
  onChange(text: string): void;
}

export function DefinitionForm({ text, onChange }: DefinitionFormProps): React.JSX.Element {
  const [error, setError] = useState<string | null>(null);
  const form = doc.readForm(text);
  if (!form) {
    return (
      <p className="notice notice-warning" data-testid="form-unavailable">
        The text has a syntax error. Fix it in the Text view (its line is marked) to use the form.
      </p>
    );
  }

  function edit(operation: (text: string) => string): void {
    try {
      onChange(operation(text));
      setError(null);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    }
  }

  return (
    <div className="definition-form" data-testid="definition-form">
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <label className="field">
        <span className="field-label">Name</span>
        <input
          value={form.name}
          data-testid="form-name"
          onChange={(e) => {
            const value = e.currentTarget.value;
            edit((t) => doc.setField(t, 'name', value));
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">Preamble (the system message; its “N - label” lines give the answer scale)</span>
        <textarea
          rows={6}
          value={form.preamble}
          data-testid="form-preamble"
          onChange={(e) => {
            const value = e.currentTarget.value;
            edit((t) => doc.setField(t, 'preamble', value));
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">Template (the user message; [Name] is filled by the dimension of that name)</span>
        <textarea
          rows={5}
          value={form.template}
          data-testid="form-template"
          onChange={(e) => {
            const value = e.currentTarget.value;
            edit((t) => doc.setField(t, 'template', value));
          }}
        />
      </label>

      <h3>Dimensions</h3>
      {form.dimensions.length === 0 ? (
        <p className="muted">No dimensions: the definition is one scenario. Add one to vary the dilemma.</p>
      ) : null}
      {form.dimensions.map((dimension, d) => (
        <DimensionFields key={d} index={d} count={form.dimensions.length} dimension={dimension} edit={edit} />
      ))}
      <button
        type="button"
        className="button"
        data-testid="form-add-dimension"
        onClick={() => edit((t) => doc.addDimension(t))}
      >
        Add dimension
      </button>

      <h3>Answer scale</h3>
      {form.scale === null ? (
        <p className="muted">
          Read from the preamble’s “N - label” lines.{' '}
          <button
            type="button"
            className="button-link"
            data-testid="form-add-scale"
            onClick={() => edit((t) => doc.addScaleEntry(t, { code: 1, label: 'label' }))}
          >
            Write the scale out instead
          </button>
        </p>
      ) : (
        <ul className="plain-list" data-testid="form-scale">
          {form.scale.map((entry, i) => (
            <li key={i} className="form-option">
              <input
                className="input-narrow"
                type="number"
                aria-label={`Code ${i + 1}`}
                value={entry.code ?? ''}
                onChange={(e) => {
                  const code = Number(e.currentTarget.value);
                  if (e.currentTarget.value !== '' && Number.isInteger(code))
                    edit((t) => doc.setScaleEntry(t, i, { code, label: entry.label }));
                }}
              />
              <input
                aria-label={`Label of code ${entry.code ?? i + 1}`}
                value={entry.label}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  edit((t) => doc.setScaleEntry(t, i, { code: entry.code ?? 0, label }));
                }}
              />
              <button
                type="button"
                className="button-link danger"
                onClick={() => edit((t) => doc.removeScaleEntry(t, i))}
              >
                Remove
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="button-link"
              onClick={() =>
                edit((t) =>
                  doc.addScaleEntry(t, {
                    code: Math.max(0, ...form.scale!.map((s) => s.code ?? 0)) + 1,
                    label: 'label',
                  }),
                )
              }
            >
              Add code
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
