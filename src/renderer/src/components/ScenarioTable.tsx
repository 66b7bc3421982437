/** The expanded scenarios of a definition, one row each with a score and label per dimension; a row opens its full prompt. */
import { Fragment, useState } from 'react';
import type { Scenario } from '@shared/domain';
import { ScenarioPrompt } from './ScenarioPrompt';

interface ScenarioTableProps {
  scenarios: Scenario[];
  dimensionNames: string[];
  preamble: string;
}

export function ScenarioTable({ scenarios, dimensionNames, preamble }: ScenarioTableProps): React.JSX.Element {
  const [openId, setOpenId] = useState<string | null>(null);
  const columnCount = 2 + dimensionNames.length;
  const toggle = (id: string): void => setOpenId((current) => (current === id ? null : id));

  return (
    <table className="table table-clickable" data-testid="scenarios-table">
      <thead>
        <tr>
          <th>Scenario</th>
          {dimensionNames.map((name) => (
            <th key={name}>{name}</th>
          ))}
          <th>Prompt</th>
        </tr>
      </thead>
      <tbody>
        {scenarios.map((scenario) => {
          const open = scenario.id === openId;
          return (
            <Fragment key={scenario.id}>
              <tr
                data-testid="scenario-row"
                className={open ? 'selected' : undefined}
                tabIndex={0}
                aria-expanded={open}
                onClick={() => toggle(scenario.id)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    toggle(scenario.id);
                  }
                }}
              >
                <td className="mono" title={scenario.name}>
                  {scenario.id}
                </td>
                {dimensionNames.map((name) => {
                  const value = scenario.dimensions[name];
                  return (
                    <td key={name}>
                      {value ? (
                        <>
                          <span className="score">{value.score}</span> {value.label}
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  );
                })}
                <td className="truncate prompt-preview">{scenario.prompt}</td>
              </tr>
              {open ? (
                <tr className="expanded-row">
                  <td colSpan={columnCount}>
                    <ScenarioPrompt scenario={scenario} preamble={preamble} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
