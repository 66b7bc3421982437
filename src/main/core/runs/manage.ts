/** A researcher's bookkeeping on runs: name, notes, archive, and delete (with what a delete would remove). */
import type { RunDeletion } from '../../../shared/ipc';
import { deleteRun, runDeletionCounts, setRunArchived, setRunName, setRunNotes } from '../store/run-manage';
import { immediate, type Sqlite } from '../store/sql';
import { nowIso } from '../util/ids';

export class RunBookkeeping {
  constructor(private readonly sqlite: Sqlite) {}

  /** Sets what is given (a null name clears it); both in one transaction. */
  update(id: string, change: { name?: string | null; notes?: string }): void {
    immediate(this.sqlite, () => {
      if (change.name !== undefined) setRunName(this.sqlite, id, change.name);
      if (change.notes !== undefined) setRunNotes(this.sqlite, id, change.notes);
    });
  }

  archive(id: string, archived: boolean): void {
    setRunArchived(this.sqlite, id, archived ? nowIso() : null);
  }

  deletion(id: string): RunDeletion {
    const { jobs, transcripts, reruns } = runDeletionCounts(this.sqlite, id);
    return { id, jobs, transcripts, reruns };
  }

  remove(id: string): RunDeletion {
    const { jobs, transcripts, reruns } = deleteRun(this.sqlite, id);
    return { id, jobs, transcripts, reruns };
  }
}
