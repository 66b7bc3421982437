/** Definition storage: import (validate, expand, store scenarios in one transaction), list, detail, scenario pages. */
import { and, asc, count, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { DefinitionDetail, DefinitionSummary, Scenario } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { ImportResult } from '../../../shared/ipc';
import type { Db } from '../db/open';
import { definitions, runs, scenarios } from '../db/schema';
import { newId, nowIso } from '../util/ids';
import { checkDefinition, contentHash, expandScenarios, resolveScale, scenarioCount } from './expand';
import { invalidDefinition, parseDefinitionText } from './parse';
import { definitionContentSchema, type DefinitionContent } from '../../../shared/domain';

type DefinitionRow = typeof definitions.$inferSelect;

export interface DefinitionService {
  importText(fileName: string, text: string): ImportResult;
  list(): DefinitionSummary[];
  get(id: string): DefinitionDetail;
  content(id: string): { row: DefinitionRow; content: DefinitionContent };
  scenarios(definitionId: string, offset: number, limit: number): Scenario[];
  touch(id: string): void;
}

export function createDefinitionService(db: Db): DefinitionService {
  const runCounts = (): Map<string, number> =>
    new Map(
      db
        .select({ id: runs.definitionId, n: count() })
        .from(runs)
        // System Health's test runs are not research runs: the dashboard hides them, so the count leaves them out.
        .where(ne(runs.runType, 'test'))
        .groupBy(runs.definitionId)
        .all()
        .map((r) => [r.id, r.n]),
    );

  const summarize = (row: DefinitionRow, content: DefinitionContent, runCount: number): DefinitionSummary => ({
    id: row.id,
    name: row.name,
    contentHash: row.contentHash,
    scenarioCount: scenarioCount(content),
    dimensionNames: content.dimensions.map((d) => d.name),
    runCount,
    createdAt: row.createdAt,
    lastAccessedAt: row.lastAccessedAt,
  });

  const load = (id: string): { row: DefinitionRow; content: DefinitionContent } => {
    const row = db.select().from(definitions).where(eq(definitions.id, id)).get();
    if (!row) throw new AppError('NOT_FOUND', `No definition with id ${id}`);
    return { row, content: definitionContentSchema.parse(JSON.parse(row.contentJson)) };
  };

  const detail = (id: string): DefinitionDetail => {
    const { row, content } = load(id);
    const runCount = runCounts().get(id) ?? 0;
    return {
      ...summarize(row, content, runCount),
      content,
      scale: resolveScale(content),
      warnings: checkDefinition(content).warnings,
    };
  };

  return {
    importText(fileName, text) {
      const content = parseDefinitionText(fileName, text);
      const { issues } = checkDefinition(content);
      if (issues.length > 0) throw invalidDefinition(fileName, issues);
      const hash = contentHash(content);
      const existing = db
        .select({ id: definitions.id })
        .from(definitions)
        .where(eq(definitions.contentHash, hash))
        .get();
      if (existing) return { definition: detail(existing.id), alreadyImported: true };
      const id = newId('def_');
      db.transaction((tx) => {
        tx.insert(definitions)
          .values({
            id,
            name: content.name,
            contentJson: JSON.stringify(content),
            contentHash: hash,
            sourceFileName: fileName,
            createdAt: nowIso(),
          })
          .run();
        let batch: (typeof scenarios.$inferInsert)[] = [];
        const flush = (): void => {
          if (batch.length > 0) tx.insert(scenarios).values(batch).run();
          batch = [];
        };
        for (const s of expandScenarios(content)) {
          batch.push({
            definitionId: id,
            id: s.id,
            ordinal: s.ordinal,
            dimensionsJson: JSON.stringify(s.dimensions),
            prompt: s.prompt,
          });
          if (batch.length >= 200) flush();
        }
        flush();
      });
      return { definition: detail(id), alreadyImported: false };
    },

    list() {
      const counts = runCounts();
      return db
        .select()
        .from(definitions)
        .orderBy(sql`${definitions.createdAt} desc`)
        .all()
        .map((row) =>
          summarize(row, definitionContentSchema.parse(JSON.parse(row.contentJson)), counts.get(row.id) ?? 0),
        );
    },

    get: detail,
    content: load,

    scenarios(definitionId, offset, limit) {
      load(definitionId);
      return db
        .select()
        .from(scenarios)
        .where(
          and(
            eq(scenarios.definitionId, definitionId),
            gte(scenarios.ordinal, offset),
            lt(scenarios.ordinal, offset + limit),
          ),
        )
        .orderBy(asc(scenarios.ordinal))
        .all()
        .map((row) => ({
          id: row.id,
          definitionId: row.definitionId,
          ordinal: row.ordinal,
          name: scenarioName(row.dimensionsJson),
          dimensions: JSON.parse(row.dimensionsJson) as Scenario['dimensions'],
          prompt: row.prompt,
        }));
    },

    touch(id) {
      db.update(definitions).set({ lastAccessedAt: nowIso() }).where(eq(definitions.id, id)).run();
    },
  };
}

function scenarioName(dimensionsJson: string): string {
  const dims = JSON.parse(dimensionsJson) as Scenario['dimensions'];
  const parts = Object.entries(dims).map(([name, v]) => `${name}: ${v.label} (${v.score})`);
  return parts.join(', ') || 'Single scenario';
}
