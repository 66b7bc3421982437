/** One dimension in the form view: its name (renaming its [placeholder] too), order, and levels with their wordings. */
import * as doc from '@shared/definition-document';
import type { FormDimension } from '@shared/definition-document';

interface DimensionFieldsProps {
  index: number;
  count: number;
  dimension: FormDimension;
  /** Applies one document operation to the text. */
  edit(operation: (text: string) => string): void;
}

export function DimensionFields({ index: d, count, dimension, edit }: DimensionFieldsProps): React.JSX.Element {
  return (
    <fieldset className="form-dimension" data-testid={`dimension-${d}`}>
      <legend className="visually-hidden">Dimension {dimension.name}</legend>
      <div className="field-row">
        <label className="field field-grow">
          <span className="field-label">Dimension name (its placeholder is [{dimension.name}])</span>
          <input
            value={dimension.name}
            data-testid={`dimension-name-${d}`}
            onChange={(e) => {
              const name = e.currentTarget.value;
              edit((text) => doc.renameDimension(text, d, name));
            }}
          />
        </label>
        <div className="form-buttons">
          <button
            type="button"
            className="button"
            disabled={d === 0}
            onClick={() => edit((t) => doc.moveDimension(t, d, d - 1))}
          >
            Up
          </button>
          <button
            type="button"
            className="button"
            disabled={d === count - 1}
            onClick={() => edit((t) => doc.moveDimension(t, d, d + 1))}
          >
            Down
          </button>
          <button
            type="button"
            className="button danger"
            data-testid={`remove-dimension-${d}`}
            onClick={() => edit((t) => doc.removeDimension(t, d))}
          >
            Remove dimension
          </button>
        </div>
      </div>
      <table className="table form-levels">
        <thead>
          <tr>
            <th>Score</th>
            <th>Label</th>
            <th>Wordings (one is picked per scenario)</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {dimension.levels.map((level, l) => (
            <tr key={l} data-testid={`level-${d}-${l}`}>
              <td>
                <input
                  className="input-narrow"
                  type="number"
                  step={1}
                  aria-label={`Score of level ${l + 1} of ${dimension.name}`}
                  value={level.score ?? ''}
                  data-testid={`level-score-${d}-${l}`}
                  onChange={(e) => {
                    const score = Number(e.currentTarget.value);
                    if (e.currentTarget.value !== '' && Number.isInteger(score))
                      edit((t) => doc.setLevelScore(t, d, l, score));
                  }}
                />
              </td>
              <td>
                <input
                  aria-label={`Label of level ${l + 1} of ${dimension.name}`}
                  value={level.label}
                  data-testid={`level-label-${d}-${l}`}
                  onChange={(e) => {
                    const label = e.currentTarget.value;
                    edit((t) => doc.setLevelLabel(t, d, l, label));
                  }}
                />
              </td>
              <td>
                {level.options.map((option, o) => (
                  <div key={o} className="form-option">
                    <input
                      aria-label={`Wording ${o + 1} of level ${level.label || l + 1}`}
                      value={option}
                      data-testid={`level-option-${d}-${l}-${o}`}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        edit((t) => doc.setOption(t, d, l, o, value));
                      }}
                    />
                    {level.options.length > 1 ? (
                      <button
                        type="button"
                        className="button-link"
                        aria-label={`Remove wording ${o + 1}`}
                        onClick={() => edit((t) => doc.removeOption(t, d, l, o))}
                      >
                        ✕
                      </button>
                    ) : null}
                  </div>
                ))}
                <button
                  type="button"
                  className="button-link"
                  data-testid={`add-option-${d}-${l}`}
                  onClick={() => edit((t) => doc.addOption(t, d, l, 'another wording'))}
                >
                  Add wording
                </button>
              </td>
              <td className="form-buttons">
                <button
                  type="button"
                  className="button-link"
                  disabled={l === 0}
                  aria-label={`Move level ${l + 1} up`}
                  onClick={() => edit((t) => doc.moveLevel(t, d, l, l - 1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button-link"
                  disabled={l === dimension.levels.length - 1}
                  aria-label={`Move level ${l + 1} down`}
                  onClick={() => edit((t) => doc.moveLevel(t, d, l, l + 1))}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button-link danger"
                  aria-label={`Remove level ${l + 1}`}
                  data-testid={`remove-level-${d}-${l}`}
                  onClick={() => edit((t) => doc.removeLevel(t, d, l))}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button"
        data-testid={`add-level-${d}`}
        onClick={() => edit((t) => doc.addLevel(t, d))}
      >
        Add level
      </button>
    </fieldset>
  );
}
