/** One study: its runs (add, remove), and its value ranking across them. */
import { useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { FilesExportButton } from '../components/FilesExportButton';
import { Loading } from '../components/Loading';
import { StatusBadge } from '../components/StatusBadge';
import { ValueRankingView } from '../components/values/ValueRankingView';
import { usePageTitle } from '../hooks/usePageTitle';
import { formatDateTime } from '../lib/format';
import { useSaveFiles } from '../data/export-files';
import { useRunList } from '../data/runs';
import { useDeleteStudy, useStudy, useStudyMembers, useStudyRanking } from '../data/studies';
import { links, useRouter } from '../stores/router';

export function StudyPage({ id }: { id: string }): React.JSX.Element {
  const study = useStudy(id);
  usePageTitle(study.data?.name ?? 'Study');
  const [compare, setCompare] = useState<{ a: string; b: string } | null>(null);
  const ranking = useStudyRanking(id, compare);
  const members = useStudyMembers();
  const remove = useDeleteStudy();
  const saveStudy = useSaveFiles('export.study');
  const runs = useRunList();
  const navigate = useRouter((state) => state.navigate);
  const [adding, setAdding] = useState('');
  const detail = study.data ?? null;
  const inStudy = new Set(detail?.runs.map((r) => r.id) ?? []);
  const candidates = (runs.data ?? []).filter((r) => !inStudy.has(r.id));

  return (
    <div className="page">
      <p className="breadcrumb">
        <a href={links.studies()}>Studies</a> / {detail?.name ?? '…'}
      </p>
      {study.error ? <ErrorBox error={study.error} title="Could not load the study" /> : null}
      {detail === null ? (
        study.error ? null : (
          <Loading />
        )
      ) : (
        <>
          <header className="page-header">
            <div>
              <h1>{detail.name}</h1>
              {detail.notes ? <p className="page-lede">{detail.notes}</p> : null}
            </div>
            <FilesExportButton
              label="Export"
              title="Tidy CSVs of the value ranking (one row per model and value, one per model and pair) with a manifest naming the method and seed, as study export writes them"
              testId="export-study"
              save={() => saveStudy({ id })}
            />
            <button
              type="button"
              className="button button-danger"
              onClick={() =>
                void remove.run({ id }).then((done) => {
                  if (done) navigate(links.studies());
                })
              }
            >
              Delete study
            </button>
          </header>
          <section className="panel">
            <h2>Runs</h2>
            <table className="table table-compact" data-testid="study-runs">
              <tbody>
                {detail.runs.map((run) => (
                  <tr key={run.id} data-testid="study-run">
                    <td>
                      <a href={links.run(run.id)}>{run.name ?? run.definitionName}</a>
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td>{formatDateTime(run.createdAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        onClick={() => void members.run({ id, kind: 'runs', remove: [run.id] })}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <form
              className="field-row"
              onSubmit={(event) => {
                event.preventDefault();
                if (adding) void members.run({ id, kind: 'runs', add: [adding] }).then(() => setAdding(''));
              }}
            >
              <label>
                Add a run{' '}
                <select value={adding} onChange={(e) => setAdding(e.target.value)} data-testid="add-run">
                  <option value="">Choose a run…</option>
                  {candidates.map((run) => (
                    <option key={run.id} value={run.id}>
                      {(run.name ?? run.definitionName) + ` · ${formatDateTime(run.createdAt)}`}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="button" disabled={!adding || members.busy}>
                Add
              </button>
            </form>
            {members.error ? <ErrorBox error={members.error} title="The runs could not be changed" /> : null}
          </section>
          <section>
            <h2>Value priorities</h2>
            {ranking.error ? <ErrorBox error={ranking.error} title="Could not rank the values" /> : null}
            {ranking.data ? (
              <ValueRankingView report={ranking.data} onCompare={setCompare} />
            ) : ranking.error ? null : (
              <Loading label="Fitting the ranking…" />
            )}
          </section>
        </>
      )}
    </div>
  );
}
