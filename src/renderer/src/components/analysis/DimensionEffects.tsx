/**
 * "What moves the decision": the run page's analysis section. Per model and dimension, the mean decision at each
 * level (chart and table), the interaction of two dimensions, and how far the models agree. Refreshed as jobs finish.
 */
import { useState } from 'react';
import { useRoute } from '../../hooks/useRoute';
import { ErrorBox } from '../ErrorBox';
import { Loading } from '../Loading';
import { EffectsChart } from './EffectsChart';
import { EffectsTable } from './EffectsTable';
import { InteractionHeatmap } from './InteractionHeatmap';
import { ModelAgreement } from './ModelAgreement';
import { useRefreshOn } from '../../hooks/useRefreshOn';

export function DimensionEffects({ runId, finished }: { runId: string; finished: number }): React.JSX.Element | null {
  const result = useRoute('results.effects', { runId });
  const [view, setView] = useState<'chart' | 'table'>('chart');
  useRefreshOn(finished, result.reload);
  const report = result.data;
  if (result.error && !report) return <ErrorBox error={result.error} title="Could not compute the dimension effects" />;
  if (!report) return <Loading />;
  if (report.dimensions.length === 0 || report.models.every((m) => m.scored === 0)) return null;
  const { method } = report;
  return (
    <section className="section analysis" aria-labelledby="effects-heading" data-testid="dimension-effects">
      <div className="section-header">
        <h2 id="effects-heading">What moves the decision</h2>
        <div className="segmented" role="group" aria-label="Show as">
          <button type="button" className="button" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
            Chart
          </button>
          <button type="button" className="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
            Table
          </button>
        </div>
      </div>
      <p className="muted small">
        Mean decision at each level of each dimension, with {Math.round(method.confidence * 100)} % Student-t intervals
        over scenario means (n = scenarios; one scenario gives no interval). Effects come from a main-effects model of
        the whole design over scenario means: each level against the baseline (the first level), and the highest level
        minus the lowest. Refusals and unparseable answers are left out and counted in the table. See README “Methods:
        dimension effects”.
      </p>
      {view === 'chart' ? <EffectsChart report={report} /> : null}
      {/* The table is always in the page for screen readers; sighted people see it when they pick Table. */}
      <div className={view === 'table' ? 'effects-table-wrap' : 'effects-table-wrap effects-table-offscreen'}>
        <EffectsTable report={report} />
      </div>
      {report.dimensions.length >= 2 ? <InteractionHeatmap runId={runId} effects={report} /> : null}
      {report.models.length >= 2 ? <ModelAgreement runId={runId} refreshKey={finished} /> : null}
    </section>
  );
}
