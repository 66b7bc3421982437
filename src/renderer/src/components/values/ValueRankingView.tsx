/**
 * A study's value ranking: the forest plot, per model the ranked values with utilities, win rates and the fit's checks,
 * the win matrix, two models compared (Kendall's τ, values changed beyond the noise), and the dilemmas behind it.
 */
import type { ModelValueRanking, ValueRankingReport } from '@shared/values';
import { fmt, fmtInterval } from '../analysis/palette';
import { links } from '../../stores/router';
import { ValueForest } from './ValueForest';
import { WinMatrix } from './WinMatrix';

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '—' : `${(100 * x).toFixed(0)} %`;

function Checks({ entry }: { entry: ModelValueRanking }): React.JSX.Element {
  const r = entry.ranking;
  return (
    <p className="small muted" data-testid="value-checks">
      {r.answers} answers over {r.clusters} scenarios ({entry.refusals} refused, {entry.unparseable} unreadable, not
      counted). Held-out pairs:{' '}
      {r.heldOut ? `${pct(r.heldOut.accuracy)} predicted on ${r.heldOut.pairs} pairs` : 'too few pairs to hold out'}.
      Intransitive triads: {r.triads.decided ? `${r.triads.intransitive} of ${r.triads.decided}` : 'none decided'}.
      Position bias:{' '}
      {r.positionBias
        ? `β ${fmt(r.positionBias.estimate, true)} (${fmtInterval(r.positionBias.low, r.positionBias.high)}), first option won ${pct(r.positionBias.firstWins.rate)}`
        : 'not estimable (no pair asked both ways round)'}
      .
    </p>
  );
}

function ModelTable({
  names,
  entry,
  dilemmas,
  pairScenarios,
}: {
  names: string[];
  entry: ModelValueRanking;
  dilemmas: ValueRankingReport['dilemmas'];
  pairScenarios: ValueRankingReport['pairScenarios'];
}): React.JSX.Element {
  return (
    <section className="panel" data-testid="value-model" data-model={entry.key}>
      <h3 className="mono">{entry.key}</h3>
      <table className="table table-compact">
        <thead>
          <tr>
            <th className="num">Rank</th>
            <th>Value</th>
            <th className="num">Utility</th>
            <th>95 % interval</th>
            <th className="num">Win rate</th>
            <th>95 % interval</th>
            <th className="num">At stake</th>
            <th className="num">Neutral</th>
          </tr>
        </thead>
        <tbody>
          {[...entry.ranking.values]
            .sort((a, b) => a.rank - b.rank)
            .map((v) => (
              <tr key={v.value} data-testid="value-row" data-value={names[v.value]}>
                <td className="num">{v.rank}</td>
                <td>{names[v.value]}</td>
                <td className="num">{v.atStake ? fmt(v.utility.estimate, true) : '—'}</td>
                <td>{v.atStake ? fmtInterval(v.utility.low, v.utility.high) : 'never at stake'}</td>
                <td className="num">{pct(v.winRate.rate)}</td>
                <td>{v.winRate.low === null ? '—' : `${pct(v.winRate.low)} to ${pct(v.winRate.high)}`}</td>
                <td className="num">{v.atStake}</td>
                <td className="num">{v.neutral}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <Checks entry={entry} />
      <WinMatrix names={names} model={entry} dilemmas={dilemmas} pairScenarios={pairScenarios} />
    </section>
  );
}

export function ValueRankingView({
  report,
  onCompare,
}: {
  report: ValueRankingReport;
  onCompare(pair: { a: string; b: string }): void;
}): React.JSX.Element {
  const c = report.comparison;
  const keys = report.models.map((m) => m.key);
  return (
    <div className="value-ranking" data-testid="value-ranking">
      {report.skipped.map((s) => (
        <p key={s.runId} className="notice notice-info small" data-testid="value-skipped">
          Run <a href={links.run(s.runId)}>{s.runId.slice(0, 8)}</a> is left out: {s.reason}.
        </p>
      ))}
      {report.values.length === 0 ? (
        <p data-testid="value-empty">
          No values to rank yet. Add runs of definitions that say which value each end of their scale serves (
          <code>
            values: {'{'}high, low{'}'}
          </code>{' '}
          in the definition).
        </p>
      ) : (
        <>
          <ValueForest report={report} />
          {report.models.map((entry) => (
            <ModelTable
              key={entry.key}
              names={report.values}
              entry={entry}
              dilemmas={report.dilemmas}
              pairScenarios={report.pairScenarios}
            />
          ))}
        </>
      )}
      {c ? (
        <section className="panel" data-testid="value-comparison">
          <h3>Two models compared</h3>
          <div className="field-row">
            {(['a', 'b'] as const).map((side) => (
              <label key={side}>
                {side.toUpperCase()}{' '}
                <select
                  value={c[side]}
                  onChange={(event) => onCompare({ ...c, [side]: event.target.value })}
                  data-testid={`compare-${side}`}
                >
                  {keys.map((key) => (
                    <option key={key} value={key}>
                      {key}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <p>
            Kendall&apos;s τ between their utilities: <strong data-testid="value-tau">{fmt(c.tau?.estimate)}</strong> (
            {c.tau ? fmtInterval(c.tau.low, c.tau.high) : '—'}).
          </p>
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Value</th>
                <th className="num">B − A</th>
                <th>95 % interval</th>
                <th className="num">Holm p</th>
                <th>Changed</th>
              </tr>
            </thead>
            <tbody>
              {c.changes.map((change) => (
                <tr key={change.value} data-testid="value-change" data-changed={change.changed}>
                  <td>{report.values[change.value]}</td>
                  <td className="num">{fmt(change.difference.estimate, true)}</td>
                  <td>{fmtInterval(change.difference.low, change.difference.high)}</td>
                  <td className="num">{change.adjustedP.toPrecision(2)}</td>
                  <td>{change.changed ? 'beyond the noise' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {report.dilemmas.length > 0 ? (
        <section className="panel">
          <h3>Dilemmas behind the ranking</h3>
          <ul data-testid="value-dilemmas">
            {report.dilemmas.map((d) => (
              <li key={d.runId}>
                <a href={links.run(d.runId)}>{d.definitionName}</a>:{' '}
                {d.high === null || d.low === null
                  ? 'a pairwise design (each scenario sets two values against each other, in both orders)'
                  : `${report.values[d.high]} (high end) against ${report.values[d.low]} (low end)`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="small muted">
        Method: Bradley–Terry utilities with a position term, {report.method.prior};{' '}
        {Math.round(report.method.confidence * 100)} % intervals from {report.method.interval} (
        {report.method.resamples} resamples, seed {report.method.seed}); changes Holm-adjusted. See README → Methods.
      </p>
    </div>
  );
}
