/**
 * Studies (issue 25): a researcher's grouping of runs and definitions under a name with notes, listed with its runs,
 * definitions and models, and ranked by value over all its runs (the analysis worker does the fitting).
 */
import type { DefinitionSummary, ModelRef, RunSummary } from '../../../shared/domain';
import { modelKey } from '../../../shared/domain';
import type { Study, StudyDetail } from '../../../shared/ipc';
import type { ValueRankingReport } from '../../../shared/values';
import type { Sqlite } from '../store/sql';
import {
  addStudyMembers,
  deleteStudy,
  insertStudy,
  removeStudyMembers,
  studyDefinitionIds,
  studyRow,
  studyRows,
  studyRunIds,
  updateStudy,
} from '../store/studies';
import { newId, nowIso } from '../util/ids';

export interface StudyService {
  list(): Study[];
  get(id: string): StudyDetail;
  create(input: { name: string; notes: string; runIds: string[] }): Study;
  update(input: { id: string; name?: string; notes?: string }): Study;
  remove(id: string): void;
  members(input: { id: string; kind: 'runs' | 'definitions'; add: string[]; remove: string[] }): Study;
  ranking(input: { id: string; compare?: { a: string; b: string } }): Promise<ValueRankingReport>;
}

export interface StudyDeps {
  runSummary(id: string): RunSummary;
  definitionSummaries(): DefinitionSummary[];
  values(input: { runIds: string[]; compare?: { a: string; b: string } }): Promise<ValueRankingReport>;
}

export function createStudyService(sqlite: Sqlite, deps: StudyDeps): StudyService {
  return {
    list: () => studyRows(sqlite),
    get(id) {
      const study = studyRow(sqlite, id);
      const runs = studyRunIds(sqlite, id).map((runId) => deps.runSummary(runId));
      const wanted = new Set(studyDefinitionIds(sqlite, id));
      for (const run of runs) wanted.add(run.definitionId);
      const definitions = deps.definitionSummaries().filter((d) => wanted.has(d.id));
      const models = new Map<string, ModelRef>();
      for (const run of runs) for (const model of run.models) models.set(modelKey(model), model);
      return { ...study, runs, definitions, models: [...models.values()] };
    },
    create({ name, notes, runIds }) {
      const id = newId();
      const at = nowIso();
      insertStudy(sqlite, { id, name, notes, at });
      if (runIds.length > 0) {
        try {
          addStudyMembers(sqlite, id, 'runs', runIds, at);
        } catch (error) {
          // A study is created whole or not at all: an unknown run leaves no empty study behind.
          deleteStudy(sqlite, id);
          throw error;
        }
      }
      return studyRow(sqlite, id);
    },
    update({ id, ...change }) {
      updateStudy(sqlite, id, change, nowIso());
      return studyRow(sqlite, id);
    },
    remove: (id) => deleteStudy(sqlite, id),
    members({ id, kind, add, remove }) {
      const at = nowIso();
      if (add.length > 0) addStudyMembers(sqlite, id, kind, add, at);
      if (remove.length > 0) removeStudyMembers(sqlite, id, kind, remove, at);
      return studyRow(sqlite, id);
    },
    async ranking({ id, compare }) {
      studyRow(sqlite, id);
      const runIds = studyRunIds(sqlite, id);
      return deps.values({ runIds, ...(compare ? { compare } : {}) });
    },
  };
}
