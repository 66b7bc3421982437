/** The results of a run, one row per transcript: scenario, model, the version the provider reported, score, decision and duration. */
import type { TranscriptSummary } from '@shared/domain';
import { formatDuration } from '../lib/format';
import { links } from '../stores/router';
import { decisionKind } from '@shared/vocabulary';
import { ModelKeyText } from './ModelKeyText';

interface TranscriptTableProps {
  runId: string;
  transcripts: TranscriptSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
}

export function TranscriptTable({ runId, transcripts, selectedId, onSelect }: TranscriptTableProps): React.JSX.Element {
  return (
    <table className="table table-clickable" data-testid="transcripts-table">
      <thead>
        <tr>
          <th>Scenario</th>
          <th>Model</th>
          <th>Reported version</th>
          <th className="num">Score</th>
          <th>Decision</th>
          <th className="num">Duration</th>
          <th>
            <span className="visually-hidden">Link</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {transcripts.map((transcript) => (
          <tr
            key={transcript.id}
            data-testid="transcript-row"
            className={transcript.id === selectedId ? 'selected' : undefined}
            tabIndex={0}
            data-transcript-id={transcript.id}
            onClick={() => onSelect(transcript.id)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                onSelect(transcript.id);
              }
            }}
          >
            <td className="mono">
              {transcript.scenarioId}
              {transcript.sample > 1 ? <span className="muted small"> · sample {transcript.sample}</span> : null}
            </td>
            <td className="mono model-key model-key-words">
              <ModelKeyText value={transcript.modelKey} />
            </td>
            <td className={transcript.reportedModelVersion ? 'mono model-key model-key-words' : 'muted'}>
              {transcript.reportedModelVersion ? <ModelKeyText value={transcript.reportedModelVersion} /> : 'unknown'}
            </td>
            <td className="num">{transcript.score ?? '—'}</td>
            <td>
              <span className={`decision decision-${decisionKind(transcript)}`}>{transcript.decision}</span>
            </td>
            <td className="num">{formatDuration(transcript.durationMs)}</td>
            <td>
              <a
                href={links.transcript(runId, transcript.id)}
                target="_blank"
                // The new tab keeps this one as opener so browser mode's per-tab session (sessionStorage) comes along.
                rel="opener"
                className="small"
                data-testid="transcript-link"
                title="Open this transcript on its own page (a new tab); the address can be shared"
                onClick={(event) => event.stopPropagation()}
              >
                open ↗
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
