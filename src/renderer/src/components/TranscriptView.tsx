/** One transcript in full: every turn as plain text (never rendered as HTML), the extracted decision, token counts and timings. */
import { useState } from 'react';
import type { TranscriptDetail, Turn } from '@shared/domain';
import { formatDateTime, formatDuration, formatNumber } from '../lib/format';

const PREVIEW_CHARS = 6000;

export function TranscriptView({ transcript }: { transcript: TranscriptDetail }): React.JSX.Element {
  const hasParams = Object.keys(transcript.requestParams).length > 0;
  return (
    <div className="transcript" data-testid="transcript-view">
      <dl className="facts">
        <Fact term="Scenario" value={transcript.scenarioId} mono />
        <Fact term="Model" value={transcript.modelKey} mono />
        <Fact term="Reported version" value={transcript.reportedModelVersion ?? 'unknown'} mono />
        <Fact
          term="Decision"
          value={`${transcript.decision}${transcript.score !== null ? ` (score ${transcript.score})` : ''}`}
        />
        <Fact term="Parsed by" value={transcript.parsePath} mono />
        <Fact
          term="Tokens in / out / total"
          value={`${formatNumber(transcript.inputTokens)} / ${formatNumber(transcript.outputTokens)} / ${formatNumber(transcript.totalTokens)}`}
        />
        <Fact term="Words" value={formatNumber(transcript.wordCount)} />
        <Fact term="Duration" value={formatDuration(transcript.durationMs)} />
        <Fact term="Started" value={formatDateTime(transcript.startedAt)} />
        <Fact term="Completed" value={formatDateTime(transcript.completedAt)} />
      </dl>
      <h3>Conversation</h3>
      {transcript.turns.length === 0 ? <p className="muted">No turns were recorded.</p> : null}
      {transcript.turns.map((turn, index) => (
        <TurnBlock key={index} turn={turn} />
      ))}
      {hasParams ? (
        <details className="request-params">
          <summary>Request parameters</summary>
          <pre className="text-block">{JSON.stringify(transcript.requestParams, null, 2)}</pre>
        </details>
      ) : null}
    </div>
  );
}

function Fact({ term, value, mono = false }: { term: string; value: string; mono?: boolean }): React.JSX.Element {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd className={mono ? 'mono' : undefined}>{value}</dd>
    </div>
  );
}

function TurnBlock({ turn }: { turn: Turn }): React.JSX.Element {
  const [expanded, setExpanded] = useState(false);
  const long = turn.content.length > PREVIEW_CHARS;
  const text = long && !expanded ? `${turn.content.slice(0, PREVIEW_CHARS)}…` : turn.content;
  return (
    <div className={`turn turn-${turn.role}`} data-testid="transcript-turn">
      <div className="turn-role">{turn.role}</div>
      <pre className="text-block">{text}</pre>
      {long ? (
        <button type="button" className="button-link" onClick={() => setExpanded((value) => !value)}>
          {expanded ? 'Show less' : `Show all ${turn.content.length.toLocaleString()} characters`}
        </button>
      ) : null}
    </div>
  );
}
