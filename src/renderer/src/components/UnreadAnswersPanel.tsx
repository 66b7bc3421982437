/**
 * The loud signal when answers go unread: for each model with more than 5 % of its answers unparseable, the count and
 * three example replies; on a finished run, "Re-extract decisions" reads the stored replies again (after the scale was
 * fixed) without asking any provider; and the run's history of re-extractions.
 */
import { isTerminalRunStatus, type RunDetail } from '@shared/domain';
import { useReextract } from '../data/runs';
import { formatDateTime, plural } from '../lib/format';
import { links } from '../stores/router';
import { ErrorBox } from './ErrorBox';
import { Notice } from './Notice';

export function UnreadAnswersPanel({ run }: { run: RunDetail }): React.JSX.Element | null {
  const action = useReextract();
  const terminal = isTerminalRunStatus(run.status);
  if (!terminal && run.unread.length === 0) return null;

  async function reextract(): Promise<void> {
    await action.run(
      { id: run.id },
      (d) =>
        `Read ${plural(d.examined, 'stored reply', 'stored replies')} on ${d.scaleSummary}: ` +
        `${plural(d.changed, 'decision')} changed; unparseable ${d.unparseableBefore} before, ${d.unparseableAfter} after.`,
    );
  }

  return (
    <section className="section" data-testid="unread-answers">
      {run.unread.length > 0 ? (
        <Notice tone="warning" testId="unread-warning">
          <strong>Answers that could not be read.</strong> They are left out of every mean and effect.
          <ul className="plain-list">
            {run.unread.map((u) => (
              <li key={u.modelKey}>
                <span className="mono">{u.modelKey}</span>: {u.unparseable} of {plural(u.answers, 'answer')} (
                {Math.round(u.share * 100)} %) unparseable, for example:
                <ul>
                  {u.examples.map((e) => (
                    <li key={e.transcriptId}>
                      <a href={links.transcript(run.id, e.transcriptId)} className="mono">
                        {e.excerpt}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {terminal
            ? 'If the answers use codes the scale should accept, fix the definition, then re-extract the decisions.'
            : 'Once the run has finished, its stored replies can be read again.'}
        </Notice>
      ) : null}
      {terminal ? (
        <div className="actions">
          <button
            type="button"
            className="button"
            data-testid="reextract"
            disabled={action.busy}
            title="Reads every stored reply of this run again with the current reader and scale; no provider is asked"
            onClick={() => void reextract()}
          >
            {action.busy ? 'Re-extracting…' : 'Re-extract decisions'}
          </button>
          {action.message ? (
            <span className="muted" data-testid="reextract-result">
              {action.message}
            </span>
          ) : null}
        </div>
      ) : null}
      {action.error ? <ErrorBox error={action.error} title="The decisions could not be re-extracted" /> : null}
      {run.history.length > 0 ? (
        <ul className="plain-list muted" data-testid="run-history">
          {run.history.map((e) => (
            <li key={e.id}>
              {formatDateTime(e.at)}: decisions re-extracted on {e.detail.scaleSummary} — {e.detail.changed} of{' '}
              {e.detail.examined} changed
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
