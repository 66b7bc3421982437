/** One scenario's prompt exactly as it is sent to a model: the system message (preamble) and the user message, as plain text. */
import type { Scenario } from '@shared/domain';

interface ScenarioPromptProps {
  scenario: Scenario;
  preamble: string;
}

export function ScenarioPrompt({ scenario, preamble }: ScenarioPromptProps): React.JSX.Element {
  const dimensions = Object.entries(scenario.dimensions);
  return (
    <div className="prompt" data-testid="scenario-prompt">
      {dimensions.length > 0 ? (
        <p className="prompt-meta">
          {dimensions.map(([name, value]) => (
            <span key={name} className="chip chip-static">
              {name}: {value.score} {value.label} — “{value.option}”
            </span>
          ))}
        </p>
      ) : null}
      <h4>System message</h4>
      {preamble.trim() ? (
        <pre className="text-block" data-testid="prompt-system">
          {preamble}
        </pre>
      ) : (
        <p className="muted">None (the definition has no preamble).</p>
      )}
      <h4>User message</h4>
      <pre className="text-block" data-testid="prompt-user">
        {scenario.prompt}
      </pre>
    </div>
  );
}
