/** Studies: runs and definitions grouped under a name with notes, each ranked by value; and a new study. */
import { useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { usePageTitle } from '../hooks/usePageTitle';
import { formatDateTime, plural } from '../lib/format';
import { useCreateStudy, useStudies } from '../data/studies';
import { links, useRouter } from '../stores/router';

export function StudiesPage(): React.JSX.Element {
  usePageTitle('Studies');
  const list = useStudies();
  const create = useCreateStudy();
  const navigate = useRouter((state) => state.navigate);
  const [name, setName] = useState('');
  const [notes, setNotes] = useState('');
  const studies = list.data ?? null;

  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    const study = await create.run({ name, notes });
    if (study) navigate(links.study(study.id));
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Studies</h1>
          <p className="page-lede">
            Runs of several dilemmas under one name: which values each model puts first, across all of them.
          </p>
        </div>
      </header>
      {list.error ? <ErrorBox error={list.error} title="Could not load studies" /> : null}
      <form className="panel field-row" onSubmit={(event) => void submit(event)} data-testid="new-study">
        <label>
          Name{' '}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} name="study-name" />
        </label>
        <label>
          Notes <input value={notes} onChange={(e) => setNotes(e.target.value)} name="study-notes" />
        </label>
        <button type="submit" className="button button-primary" disabled={create.busy || name.trim() === ''}>
          New study
        </button>
      </form>
      {create.error ? <ErrorBox error={create.error} title="The study could not be created" /> : null}
      {studies === null ? (
        list.error ? null : (
          <Loading />
        )
      ) : studies.length === 0 ? (
        <EmptyState title="No studies yet">
          <p>
            A study groups runs so their answers can be ranked by value: give each definition a <code>values:</code>{' '}
            block naming the value each end of its scale serves, run it, and add the runs to a study.
          </p>
        </EmptyState>
      ) : (
        <table className="table table-clickable" data-testid="studies-table">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Runs</th>
              <th className="num">Definitions</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {studies.map((study) => (
              <tr key={study.id} data-testid="study-row" onClick={() => navigate(links.study(study.id))}>
                <td>
                  <a href={links.study(study.id)}>{study.name}</a>
                  {study.notes ? <div className="small muted">{study.notes}</div> : null}
                </td>
                <td className="num">{plural(study.runCount, 'run')}</td>
                <td className="num">{study.definitionCount}</td>
                <td>{formatDateTime(study.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
