/** Per-model summary of the results loaded so far: how many, the mean score and how the decisions are distributed. */
import type { TranscriptSummary } from '@shared/domain';
import { formatNumber } from '../lib/format';

interface ModelSummary {
  modelKey: string;
  count: number;
  meanScore: number | null;
  decisions: [string, number][];
}

export function summarise(transcripts: TranscriptSummary[]): ModelSummary[] {
  const byModel = new Map<string, TranscriptSummary[]>();
  for (const transcript of transcripts) {
    const list = byModel.get(transcript.modelKey) ?? [];
    list.push(transcript);
    byModel.set(transcript.modelKey, list);
  }
  return [...byModel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([modelKey, list]) => {
      const scores = list.map((item) => item.score).filter((score): score is number => score !== null);
      const counts = new Map<string, number>();
      for (const item of list) counts.set(item.decision, (counts.get(item.decision) ?? 0) + 1);
      return {
        modelKey,
        count: list.length,
        meanScore: scores.length > 0 ? scores.reduce((sum, score) => sum + score, 0) / scores.length : null,
        decisions: [...counts.entries()].sort((a, b) => b[1] - a[1]),
      };
    });
}

export function ResultsSummary({
  transcripts,
  partial,
}: {
  transcripts: TranscriptSummary[];
  partial: boolean;
}): React.JSX.Element {
  const summaries = summarise(transcripts);
  return (
    <table className="table table-compact" data-testid="results-summary">
      <thead>
        <tr>
          <th>Model</th>
          <th className="num">Results</th>
          <th className="num">Mean score</th>
          <th>Decisions{partial ? <span className="muted"> (results loaded so far)</span> : null}</th>
        </tr>
      </thead>
      <tbody>
        {summaries.map((summary) => (
          <tr key={summary.modelKey}>
            <td className="mono nowrap">{summary.modelKey}</td>
            <td className="num">{summary.count}</td>
            <td className="num">{formatNumber(summary.meanScore, 2)}</td>
            <td>
              {summary.decisions.map(([decision, count]) => (
                <span key={decision} className="chip chip-static">
                  {decision} × {count}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
