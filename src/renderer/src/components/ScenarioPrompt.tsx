/**
 * One scenario's prompt exactly as the adapters send it: the system message (the preamble, trimmed, omitted when
 * empty — as the scheduler builds it) and the user message, as plain text, with the scenario's dimension values.
 */
import type { Scenario } from '@shared/domain';

interface ScenarioPromptProps {
  scenario: Scenario;
  preamble: string;
}

/** The system message the scheduler sends for this preamble, or null when none is sent. */
export function systemMessageOf(preamble: string): string | null {
  const trimmed = preamble.trim();
  return trimmed ? trimmed : null;
}

export function ScenarioPrompt({ scenario, preamble }: ScenarioPromptProps): React.JSX.Element {
  const dimensions = Object.entries(scenario.dimensions);
  const system = systemMessageOf(preamble);
  return (
    <div className="prompt" data-testid="scenario-prompt">
      {dimensions.length > 0 ? (
        <p className="prompt-meta" data-testid="prompt-dimensions">
          {dimensions.map(([name, value]) => (
            <span key={name} className="chip chip-static">
              {name}: {value.score} {value.label} — “{value.option}”
            </span>
          ))}
        </p>
      ) : null}
      <h4>System message</h4>
      <p className="muted small">
        Sent as the <code>system</code> message (OpenAI-compatible servers), <code>system</code> (Anthropic) or{' '}
        <code>systemInstruction</code> (Gemini).
      </p>
      {system ? (
        <pre className="text-block" data-testid="prompt-system">
          {system}
        </pre>
      ) : (
        <p className="muted" data-testid="prompt-no-system">
          None: the definition has no preamble, so only the user message is sent.
        </p>
      )}
      <h4>User message</h4>
      <pre className="text-block" data-testid="prompt-user">
        {scenario.prompt}
      </pre>
    </div>
  );
}
