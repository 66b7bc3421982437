/**
 * One transcript in full: every turn as plain text (never rendered as HTML), the model and both versions, the extracted
 * decision, token counts, timings and the definition snapshot it ran with; very long turns are cut until asked for.
 */
import { useState } from 'react';
import type { TranscriptDetail, Turn } from '@shared/domain';
import { formatDateTime, formatDuration, formatNumber } from '../lib/format';
import { DecisionOverrideControl } from './DecisionOverrideControl';

/** Long enough for any ordinary answer; beyond it a turn is cut so one runaway reply cannot swamp the page. */
export const PREVIEW_CHARS = 6000;

export function TranscriptView({ transcript }: { transcript: TranscriptDetail }): React.JSX.Element {
  const hasParams = Object.keys(transcript.requestParams).length > 0;
  return (
    <div className="transcript" data-testid="transcript-view">
      <dl className="facts">
        <Fact term="Scenario" value={transcript.scenarioId} mono />
        <Fact term="Model" value={`${transcript.providerId}:${transcript.modelId}`} mono />
        <Fact term="Requested version" value={transcript.modelVersion ?? 'provider default'} mono />
        <Fact
          term="Reported version"
          value={transcript.reportedModelVersion ?? 'unknown'}
          mono
          testId="transcript-version"
        />
        <Fact
          term="Decision"
          value={`${transcript.decision}${transcript.score !== null ? ` (score ${transcript.score})` : ''}`}
        />
        <Fact
          term="Parsed by"
          value={transcript.decisionSource === 'override' ? 'override (coded by hand)' : transcript.parsePath}
          mono
        />
        <Fact
          term="Tokens in / out / total"
          value={`${formatNumber(transcript.inputTokens)} / ${formatNumber(transcript.outputTokens)} / ${formatNumber(transcript.totalTokens)}`}
        />
        <Fact term="Words" value={formatNumber(transcript.wordCount)} />
        <Fact term="Duration" value={formatDuration(transcript.durationMs)} />
        <Fact term="Started" value={formatDateTime(transcript.startedAt)} />
        <Fact term="Completed" value={formatDateTime(transcript.completedAt)} />
        <Fact
          term="Definition snapshot"
          value={transcript.definitionSnapshotHash.slice(0, 16)}
          mono
          title={transcript.definitionSnapshotHash}
        />
      </dl>
      <DecisionOverrideControl key={transcript.id} transcript={transcript} />
      {transcript.truncated ? (
        <p className="notice" data-testid="transcript-truncated">
          truncated: the provider&apos;s answer was longer than the size cap; only its beginning was kept.
          {transcript.notes.length > 0 ? ` ${transcript.notes.join(' ')}` : ''}
        </p>
      ) : null}
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

interface FactProps {
  term: string;
  value: string;
  mono?: boolean;
  title?: string;
  testId?: string;
}

function Fact({ term, value, mono = false, title, testId }: FactProps): React.JSX.Element {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd className={mono ? 'mono' : undefined} title={title} data-testid={testId}>
        {value}
      </dd>
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
        <button
          type="button"
          className="button-link"
          data-testid="show-more"
          aria-expanded={expanded}
          onClick={() => setExpanded((value) => !value)}
        >
          {expanded ? 'Show less' : `Show more (${turn.content.length.toLocaleString()} characters)`}
        </button>
      ) : null}
    </div>
  );
}
