/**
 * The transcript opened from a run's results, in a drawer at the window's right edge (in view wherever the row was):
 * focus moves into it when it opens or shows another transcript, Escape or Close shuts it, and focus goes back to the
 * control that opened it. Opening it stamps the transcript's lastAccessedAt in the core.
 */
import { useEffect, useRef } from 'react';
import { useTranscript } from '../data/runs';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';
import { TranscriptView } from './TranscriptView';

interface TranscriptDrawerProps {
  id: string;
  onClose(): void;
}

export function TranscriptDrawer({ id, onClose }: TranscriptDrawerProps): React.JSX.Element {
  const entry = useTranscript(id);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [id]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const headingId = `transcript-drawer-heading-${id}`;
  return (
    <aside className="transcript-drawer" role="dialog" aria-labelledby={headingId} data-testid="transcript-drawer">
      <div className="section-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          Transcript
        </h2>
        <button type="button" className="button-link" data-testid="transcript-drawer-close" onClick={onClose}>
          Close
        </button>
      </div>
      {entry?.data ? (
        <TranscriptView transcript={entry.data} />
      ) : entry?.error ? (
        <ErrorBox error={entry.error} title="Could not load this transcript" testId="transcript-error" />
      ) : (
        <Loading />
      )}
    </aside>
  );
}
