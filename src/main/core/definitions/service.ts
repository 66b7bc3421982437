/** Definition storage: import (validate, expand, store scenarios in one transaction), list, detail, scenario pages. */
import type { DefinitionDetail, DefinitionSummary, Scenario } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { ImportResult } from '../../../shared/ipc';
import {
  definitionIdByHash,
  definitionRow,
  definitionRows,
  insertDefinition,
  scenarioRows,
  stampDefinitionUsed,
  type DefinitionRow,
} from '../store/definitions';
import { runCountsByDefinition } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { newId, nowIso } from '../util/ids';
import { understandScale } from '../../../shared/scale';
import { checkDefinition, contentHash, expandScenarios, scenarioCount } from './expand';
import { invalidDefinition, loadDefinitionParser } from './parse';
import { definitionContentSchema, type DefinitionContent } from '../../../shared/domain';

export interface DefinitionService {
  importText(fileName: string, text: string): Promise<ImportResult>;
  list(): DefinitionSummary[];
  get(id: string): DefinitionDetail;
  content(id: string): { row: DefinitionRow; content: DefinitionContent };
  scenarios(definitionId: string, offset: number, limit: number): Scenario[];
  touch(id: string): void;
}

export function createDefinitionService(sqlite: Sqlite): DefinitionService {
  // System Health's test runs are not research runs: the dashboard hides them, so the count leaves them out.
  const runCounts = (): Map<string, number> => runCountsByDefinition(sqlite);

  const summarize = (row: DefinitionRow, content: DefinitionContent, runCount: number): DefinitionSummary => ({
    id: row.id,
    familyId: row.id,
    version: 1,
    latestVersionId: row.id,
    archived: false,
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
    return {
      ...summarize(row, content, runCount),
      content,
      scale: understood.scale,
      scaleSummary: understood.summary,
      warnings: checkDefinition(content).warnings,
    };
  };

  return {
    async importText(fileName, text) {
      const content = (await loadDefinitionParser())(fileName, text);
      const { issues } = checkDefinition(content);
      if (issues.length > 0) throw invalidDefinition(fileName, issues);
      const hash = contentHash(content);
      const existing = definitionIdByHash(sqlite, hash);
      if (existing) return { definition: detail(existing), alreadyImported: true };
      const id = newId('def_');
      const row = {
        id,
        name: content.name,
        contentJson: JSON.stringify(content),
        contentHash: hash,
        sourceFileName: fileName,
        createdAt: nowIso(),
      };
      const scenarios = function* () {
        for (const s of expandScenarios(content)) {
          yield { id: s.id, ordinal: s.ordinal, dimensionsJson: JSON.stringify(s.dimensions), prompt: s.prompt };
        }
      };
      insertDefinition(sqlite, row, scenarios());
      return { definition: detail(id), alreadyImported: false };
    },

    list() {
      const counts = runCounts();
      return definitionRows(sqlite).map((row) =>
        summarize(row, definitionContentSchema.parse(JSON.parse(row.contentJson)), counts.get(row.id) ?? 0),
      );
    },

    get: detail,
    content: load,

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
