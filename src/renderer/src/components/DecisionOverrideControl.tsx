/**
 * Codes a transcript's decision by hand: a score or a refusal with an optional note, or back to the reader's decision.
 * A hand-coded decision is marked, with the reader's own decision beside it.
 */
import { useState } from 'react';
import type { TranscriptDetail } from '@shared/domain';
import { useOverrideDecision } from '../data/run-bookkeeping';
import { ErrorBox } from './ErrorBox';

export function DecisionOverrideControl({ transcript }: { transcript: TranscriptDetail }): React.JSX.Element {
  const override = useOverrideDecision();
  const [score, setScore] = useState('');
  const [note, setNote] = useState('');
  const id = transcript.id;
  const noteInput = note.trim() === '' ? {} : { note };
  const code = Number(score);
  const valid = score.trim() !== '' && Number.isInteger(code);
  return (
    <div className="decision-override" data-testid="decision-override">
      {transcript.override ? (
        <p className="notice" data-testid="decision-overridden">
          Coded by hand{transcript.override.note ? ` (${transcript.override.note})` : ''}; the reader had{' '}
          {transcript.override.extracted.decision}
          {transcript.override.extracted.score !== null ? ` (score ${transcript.override.extracted.score})` : ''}.{' '}
          <button
            type="button"
            className="button"
            data-testid="decision-override-clear"
            disabled={override.busy}
            onClick={() => void override.run({ id, clear: true })}
          >
            Use the reader&apos;s decision
          </button>
        </p>
      ) : null}
      <label>
        Code by hand: score{' '}
        <input
          data-testid="decision-override-score"
          inputMode="numeric"
          size={4}
          value={score}
          onChange={(e) => setScore(e.target.value)}
        />
      </label>{' '}
      <label>
        note <input data-testid="decision-override-note" value={note} onChange={(e) => setNote(e.target.value)} />
      </label>{' '}
      <button
        type="button"
        className="button"
        data-testid="decision-override-save"
        disabled={!valid || override.busy}
        onClick={() => void override.run({ id, score: code, ...noteInput })}
      >
        Set score
      </button>{' '}
      <button
        type="button"
        className="button"
        data-testid="decision-override-refusal"
        disabled={override.busy}
        onClick={() => void override.run({ id, refusal: true, ...noteInput })}
      >
        Mark as refusal
      </button>
      {override.error ? <ErrorBox error={override.error} title="Could not code the decision" /> : null}
    </div>
  );
}
