/**
 * Definition storage: import and create (validate, expand, store scenarios in one transaction), list the latest
 * version of each family, detail, source text, scenario pages; versions, duplicates, archive and delete are in
 * versions.ts on the same storage.
 */
import type { DefinitionDetail, DefinitionSummary, Scenario } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type {
  DefinitionFormat,
  DefinitionSaveResult,
  DefinitionSource,
  DefinitionValidation,
  ImportResult,
} from '../../../shared/ipc';
import {
  definitionIdByHash,
  definitionRow,
  insertDefinition,
  latestDefinitionRows,
  scenarioRows,
  stampDefinitionUsed,
  type DefinitionRow,
  type NewDefinitionRow,
} from '../store/definitions';
import { latestInFamily } from '../store/definition-versions';
import { runCountsByDefinition } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { newId, nowIso } from '../util/ids';
import { understandScale } from '../../../shared/scale';
import { checkDefinition, contentHash, expandScenarios, scenarioCount } from './expand';
import { definitionFormat } from './parse';
import { fileNameFor, sourceOf } from './source';
import { readValidDraft, validateDraft } from './validate';
import { definitionVersionOps, type DefinitionVersionOps } from './versions';
import { definitionContentSchema, type DefinitionContent } from '../../../shared/domain';

export interface DefinitionService extends DefinitionVersionOps {
  importText(fileName: string, text: string): Promise<ImportResult>;
  /** A new family (version 1) from text; never answers "already imported" (a researcher asked for a new one). */
  create(text: string, fileName?: string): Promise<DefinitionSaveResult>;
  validate(text: string, format?: DefinitionFormat): Promise<DefinitionValidation>;
  list(includeArchived?: boolean): DefinitionSummary[];
  get(id: string): DefinitionDetail;
  source(id: string): Promise<DefinitionSource>;
  content(id: string): { row: DefinitionRow; content: DefinitionContent };
  scenarios(definitionId: string, offset: number, limit: number): Scenario[];
  touch(id: string): void;
}

/** What storing a new version needs, shared with versions.ts. */
export interface DefinitionStorage {
  sqlite: Sqlite;
  load(id: string): { row: DefinitionRow; content: DefinitionContent };
  detail(id: string): DefinitionDetail;
  /** A new row's fields and scenarios (family and version are the caller's). */
  newRow(
    content: DefinitionContent,
    text: string,
    format: DefinitionFormat,
    fileName: string,
  ): { row: Omit<NewDefinitionRow, 'familyId' | 'version'>; scenarios: () => Iterable<ScenarioInsert> };
}

type ScenarioInsert = {
  id: string;
  ordinal: number;
  dimensionsJson: string;
  prompt: string;
  wording: string | null;
  scaleOrder: string | null;
};

export function createDefinitionService(sqlite: Sqlite): DefinitionService {
  // System Health's test runs are not research runs: the dashboard hides them, so the count leaves them out.
  const runCounts = (): Map<string, number> => runCountsByDefinition(sqlite);

  const summarize = (
    row: DefinitionRow,
    content: DefinitionContent,
    runCount: number,
    latestVersionId: string,
  ): DefinitionSummary => ({
    id: row.id,
    familyId: row.familyId,
    version: row.version,
    latestVersionId,
    archived: row.archivedAt !== null,
    name: row.name,
    contentHash: row.contentHash,
    scenarioCount: scenarioCount(content),
    dimensionNames: content.dimensions.map((d) => d.name),
    runCount,
    createdAt: row.createdAt,
    lastAccessedAt: row.lastAccessedAt,
  });

  const load = (id: string): { row: DefinitionRow; content: DefinitionContent } => {
    const row = definitionRow(sqlite, id);
    if (!row) throw new AppError('NOT_FOUND', `No definition with id ${id}`);
    return { row, content: definitionContentSchema.parse(JSON.parse(row.contentJson)) };
  };

  const detail = (id: string): DefinitionDetail => {
    const { row, content } = load(id);
    const runCount = runCounts().get(id) ?? 0;
    const understood = understandScale(content);
    const latest = latestInFamily(sqlite, row.familyId)?.id ?? row.id;
    return {
      ...summarize(row, content, runCount, latest),
      content,
      scale: understood.scale,
      scaleSummary: understood.summary,
      warnings: checkDefinition(content).warnings,
    };
  };

  const storage: DefinitionStorage = {
    sqlite,
    load,
    detail,
    newRow(content, text, format, fileName) {
      const row = {
        id: newId('def_'),
        name: content.name,
        contentJson: JSON.stringify(content),
        contentHash: contentHash(content),
        sourceFileName: fileName,
        createdAt: nowIso(),
        sourceText: text,
        sourceFormat: format,
      };
      const scenarios = function* (): Generator<ScenarioInsert> {
        for (const s of expandScenarios(content)) {
          yield {
            id: s.id,
            ordinal: s.ordinal,
            dimensionsJson: JSON.stringify(s.dimensions),
            prompt: s.prompt,
            wording: s.wording,
            scaleOrder: s.order,
          };
        }
      };
      return { row, scenarios };
    },
  };

  /** Stores text as a new family's first version. */
  const storeNew = (content: DefinitionContent, text: string, format: DefinitionFormat, fileName: string): string => {
    const { row, scenarios } = storage.newRow(content, text, format, fileName);
    insertDefinition(sqlite, { ...row, familyId: row.id, version: 1 }, scenarios());
    return row.id;
  };

  return {
    ...definitionVersionOps(storage),

    async importText(fileName, text) {
      const format = definitionFormat(fileName, text);
      const content = await readValidDraft(fileName, text, format);
      const existing = definitionIdByHash(sqlite, contentHash(content));
      if (existing) return { definition: detail(existing), alreadyImported: true };
      return { definition: detail(storeNew(content, text, format, fileName)), alreadyImported: false };
    },

    async create(text, fileName) {
      const format = definitionFormat(fileName, text);
      const content = await readValidDraft(fileName ?? 'new definition', text, format);
      const id = storeNew(content, text, format, fileName ?? fileNameFor(content.name, format));
      return { definition: detail(id), created: true };
    },

    validate: async (text, format) => validateDraft(text, { format }),

    list(includeArchived = false) {
      const counts = runCounts();
      return latestDefinitionRows(sqlite, includeArchived).map((row) =>
        summarize(row, definitionContentSchema.parse(JSON.parse(row.contentJson)), counts.get(row.id) ?? 0, row.id),
      );
    },

    get: detail,
    content: load,

    async source(id) {
      const { row, content } = load(id);
      const latestVersionId = latestInFamily(sqlite, row.familyId)?.id ?? row.id;
      return { id, familyId: row.familyId, version: row.version, latestVersionId, ...(await sourceOf(row, content)) };
    },

    scenarios(definitionId, offset, limit) {
      load(definitionId);
      return scenarioRows(sqlite, definitionId, offset, limit).map((row) => ({
        id: row.id,
        definitionId: row.definitionId,
        ordinal: row.ordinal,
        name: scenarioName(row.dimensionsJson),
        dimensions: JSON.parse(row.dimensionsJson) as Scenario['dimensions'],
        prompt: row.prompt,
      }));
    },

    touch(id) {
      stampDefinitionUsed(sqlite, id, nowIso());
    },
  };
}

function scenarioName(dimensionsJson: string): string {
  const dims = JSON.parse(dimensionsJson) as Scenario['dimensions'];
  const parts = Object.entries(dims).map(([name, v]) => `${name}: ${v.label} (${v.score})`);
  return parts.join(', ') || 'Single scenario';
}
