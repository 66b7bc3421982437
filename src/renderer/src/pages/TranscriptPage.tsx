/** One transcript on its own page (`#/runs/RUN/transcripts/ID`), so it can be linked, bookmarked and opened in a new tab. */
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { TranscriptView } from '../components/TranscriptView';
import { usePageTitle } from '../hooks/usePageTitle';
import { shortId } from '../lib/format';
import { links } from '../stores/router';
import { useTranscript } from '../data/runs';

export function TranscriptPage({ runId, id }: { runId: string; id: string }): React.JSX.Element {
  const transcript = useTranscript(id);
  const data = transcript.data;
  usePageTitle(data ? `Transcript ${data.scenarioId}` : 'Transcript');
  return (
    <div className="page">
      <p className="breadcrumb">
        <a href={links.runs()}>Runs</a> /{' '}
        <a href={links.run(runId)} className="mono" data-testid="transcript-run-link">
          {shortId(runId)}
        </a>{' '}
        / <span>transcript</span>
      </p>
      <header className="page-header">
        <div>
          <h1 data-testid="transcript-page-title">
            {data ? (
              <>
                <span className="mono">{data.scenarioId}</span> · <span className="mono">{data.modelKey}</span>
              </>
            ) : (
              'Transcript'
            )}
          </h1>
        </div>
      </header>
      {data ? (
        <section className="card" data-testid="transcript-page">
          <TranscriptView transcript={data} />
        </section>
      ) : transcript.error ? (
        <ErrorBox error={transcript.error} title="Could not load this transcript" testId="transcript-error" />
      ) : (
        <Loading lines={4} />
      )}
    </div>
  );
}
