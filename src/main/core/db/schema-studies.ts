/** The studies tables (issue 25), beside schema.ts (which re-exports them) to keep each schema file short. */
import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { definitions, runs } from './schema';

/** A study: definitions and runs grouped under a name with notes (issue 25), ranked together by value. */
export const studies = sqliteTable('studies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  notes: text('notes').notNull().default(''),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** The runs of a study; a run may belong to several studies. Removing a run or a study removes its membership. */
export const studyRuns = sqliteTable(
  'study_runs',
  {
    studyId: text('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    addedAt: text('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.studyId, t.runId] }), index('study_runs_run_idx').on(t.runId)],
);

/** The definitions of a study (those it plans to run, or has run). */
export const studyDefinitions = sqliteTable(
  'study_definitions',
  {
    studyId: text('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    definitionId: text('definition_id')
      .notNull()
      .references(() => definitions.id, { onDelete: 'cascade' }),
    addedAt: text('added_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studyId, t.definitionId] }),
    index('study_definitions_definition_idx').on(t.definitionId),
  ],
);
