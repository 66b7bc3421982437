/**
 * Per-model results computed by the core (never from the transcripts on screen): versions used, counts, mean and
 * median, refusals, unparseable answers and failures, the decision distribution, and a row that expands into the
 * per-scenario breakdown.
 */
import { Fragment, useState } from 'react';
import type { SelfConsistency } from '@shared/comparison';
import type { ModelResults, ResultsSummary as Summary, VersionUse } from '@shared/results';
import { formatStat } from '../lib/format';
import { DecisionBars } from './DecisionBars';
import { ScenarioBreakdown } from './ScenarioBreakdown';

interface ResultsSummaryProps {
  summary: Summary;
  selectedId?: string | null;
  onSelectTranscript(id: string): void;
}

const COLUMNS = 9;

/** The consistency that does not depend on the number of samples (README "Methods: consistency"). */
function pairwiseText(p: SelfConsistency | null): string {
  if (!p) return '';
  const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`);
  const interval = p.ciLow === null ? '' : ` [${pct(p.ciLow)}, ${pct(p.ciHigh)}]`;
  return `. Pairwise agreement (two samples of a scenario give the same decision, refusals included): ${pct(p.agreement)}${interval} over ${p.scenarios} scenarios; mean entropy ${p.entropy.toFixed(2)} bits`;
}

/** "83% (12 scenarios)": the model's mean consistency over its repeated samples, with its spread in the title. */
function Consistency({ model }: { model: ModelResults }): React.JSX.Element {
  const c = model.consistency;
  if (!c || c.meanConsistency === null) return <span className="muted">—</span>;
  return (
    <span
      title={`Mean share of scored samples agreeing with each scenario's modal decision, over ${c.measured} scenarios; ${c.unanimous} unanimous, ${c.tied} tied; mean spread (highest − lowest score) ${formatStat(c.meanSpread)}${pairwiseText(c.pairwise)}`}
    >
      {Math.round(c.meanConsistency * 100)}%<span className="muted small"> ±{formatStat(c.meanSpread)}</span>
    </span>
  );
}

export function ResultsSummary({
  summary,
  selectedId = null,
  onSelectTranscript,
}: ResultsSummaryProps): React.JSX.Element {
  const [expanded, setExpanded] = useState<string | null>(null);
  const sampled = summary.samples > 1;
  return (
    <table className="table table-compact results-summary" data-testid="results-summary">
      <thead>
        <tr>
          <th>Model</th>
          <th>Version</th>
          <th className="num">Decisions</th>
          <th className="num">Mean</th>
          <th className="num">Median</th>
          <th className="num">Refusals</th>
          <th className="num">Unparseable</th>
          <th className="num">Failed</th>
          {sampled ? (
            <th className="num" title="Mean consistency over the repeated samples (± mean spread)">
              Consistency
            </th>
          ) : null}
          <th>Distribution</th>
        </tr>
      </thead>
      <tbody>
        {summary.models.map((model) => {
          const open = expanded === model.modelKey;
          const toggle = (): void => setExpanded(open ? null : model.modelKey);
          return (
            <Fragment key={model.modelKey}>
              <tr
                data-testid="model-results"
                data-model={model.modelKey}
                tabIndex={0}
                aria-expanded={open}
                className={open ? 'selected' : undefined}
                onClick={toggle}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    toggle();
                  }
                }}
              >
                <td className="mono model-key">
                  <span className="expander" aria-hidden="true">
                    {open ? '▾' : '▸'}
                  </span>{' '}
                  {model.modelKey}
                </td>
                <td data-testid="model-versions">
                  <Versions versions={model.versions} requested={model.model.modelVersion} />
                </td>
                <td className="num" data-testid="model-decisions">
                  {model.decisions}
                </td>
                <td className="num" data-testid="model-mean">
                  {formatStat(model.meanScore)}
                </td>
                <td className="num" data-testid="model-median">
                  {formatStat(model.medianScore)}
                </td>
                <td className="num" data-testid="model-refusals">
                  {model.refusals}
                </td>
                <td className="num" data-testid="model-unparseable">
                  {model.unparseable}
                </td>
                <td className="num" data-testid="model-failed">
                  <Failures model={model} />
                </td>
                {sampled ? (
                  <td className="num" data-testid="model-consistency">
                    <Consistency model={model} />
                  </td>
                ) : null}
                <td>
                  <DecisionBars buckets={model.distribution} title={`Decisions of ${model.modelKey}`} />
                </td>
              </tr>
              {open ? (
                <tr className="expanded-row">
                  <td colSpan={COLUMNS + (sampled ? 1 : 0)}>
                    <ScenarioBreakdown
                      runId={summary.runId}
                      modelKey={model.modelKey}
                      selectedId={selectedId}
                      onSelect={onSelectTranscript}
                    />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** The version the provider reported (what actually answered), with the requested one when it differs. */
function Versions({ versions, requested }: { versions: VersionUse[]; requested: string | null }): React.JSX.Element {
  if (versions.length === 0) return <span className="muted">{requested ?? 'none yet'}</span>;
  return (
    <>
      {versions.map((v) => (
        <span
          key={`${v.requested ?? ''}|${v.reported ?? ''}`}
          className={`chip chip-static${v.reported ? ' mono' : ' muted'}`}
          title={`requested ${v.requested ?? 'provider default'}; reported ${v.reported ?? 'nothing (unknown)'}`}
        >
          {v.reported ?? 'unknown'}
          {versions.length > 1 ? ` ×${v.count}` : ''}
        </span>
      ))}
    </>
  );
}

function Failures({ model }: { model: ModelResults }): React.JSX.Element {
  if (model.failed === 0) return <>0</>;
  return (
    <span className="count-failed" title={model.failures.map((f) => `${f.code} ×${f.count}: ${f.example}`).join('\n')}>
      {model.failed}
      <span className="failure-codes">{model.failures.map((f) => f.code).join(', ')}</span>
    </span>
  );
}
