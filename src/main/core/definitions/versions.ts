/**
 * A definition's versions: save an edit as the next immutable version (refused when another writer saved first),
 * duplicate into a new family, archive or delete a family, list its versions and diff two of them.
 */
import { AppError } from '../../../shared/errors';
import type {
  DefinitionArchiveResult,
  DefinitionDeleteResult,
  DefinitionDiff,
  DefinitionSaveResult,
  DefinitionVersions,
} from '../../../shared/ipc';
import { definitionRow, insertDefinition } from '../store/definitions';
import { deleteFamily, familyRows, insertNextVersion, setFamilyArchived } from '../store/definition-versions';
import { runCountsByDefinition } from '../store/runs';
import { nowIso } from '../util/ids';
import { diffLines, diffScenarios } from './diff';
import { scenarioCount } from './expand';
import { definitionFormat } from './parse';
import type { DefinitionStorage } from './service';
import { copyFileName, renamedText, sourceOf } from './source';
import { readValidDraft } from './validate';
import { definitionContentSchema } from '../../../shared/domain';

export interface DefinitionVersionOps {
  saveVersion(familyId: string, baseVersionId: string, text: string): Promise<DefinitionSaveResult>;
  duplicate(id: string, name?: string): Promise<DefinitionSaveResult>;
  archive(id: string, archived: boolean): DefinitionArchiveResult;
  remove(id: string): DefinitionDeleteResult;
  versions(familyId: string): DefinitionVersions;
  diff(fromId: string, toId: string): Promise<DefinitionDiff>;
}

const MAX_NAME = 200;

export function definitionVersionOps(storage: DefinitionStorage): DefinitionVersionOps {
  const { sqlite, load, detail } = storage;

  /** The family of a version id (a family id is its first version's id, so either works). */
  const familyOf = (id: string): string => load(id).row.familyId;

  return {
    async saveVersion(familyId, baseVersionId, text) {
      const base = definitionRow(sqlite, baseVersionId);
      if (!base) throw new AppError('NOT_FOUND', `No definition version with id ${baseVersionId}`);
      if (base.familyId !== familyId) {
        throw new AppError('VALIDATION', `Version ${baseVersionId} belongs to another definition, not ${familyId}.`);
      }
      const fileName = base.sourceFileName ?? `${base.name}.yaml`;
      const format = definitionFormat(undefined, text);
      const content = await readValidDraft(fileName, text, format);
      const { row, scenarios } = storage.newRow(
        content,
        text,
        format,
        fileName.replace(/\.(json|ya?ml)$/i, `.${format}`),
      );
      const outcome = insertNextVersion(sqlite, familyId, baseVersionId, row, scenarios);
      switch (outcome.kind) {
        case 'saved':
          return { definition: detail(row.id), created: true };
        case 'unchanged':
          return { definition: detail(outcome.latest.id), created: false };
        case 'stale':
          throw new AppError(
            'STALE_VERSION',
            `"${outcome.latest.name}" was saved by someone else as version ${outcome.latest.version} after you ` +
              `opened version ${base.version}: your edit was not saved and your draft is unchanged. Keep a copy of ` +
              `it, open version ${outcome.latest.version}, and make your change there.`,
            { latestVersionId: outcome.latest.id, latestVersion: outcome.latest.version },
          );
        default:
          throw new AppError('NOT_FOUND', `No definition with id ${familyId}`);
      }
    },

    async duplicate(id, name) {
      const { row, content } = load(id);
      const source = await sourceOf(row, content);
      const newName = name ?? `${content.name} (copy)`.slice(0, MAX_NAME);
      const text = await renamedText(source.text, newName);
      const copy = await readValidDraft(copyFileName(source.fileName), text, source.format);
      const prepared = storage.newRow(copy, text, source.format, copyFileName(source.fileName));
      insertDefinition(sqlite, { ...prepared.row, familyId: prepared.row.id, version: 1 }, prepared.scenarios());
      return { definition: detail(prepared.row.id), created: true };
    },

    archive(id, archived) {
      const familyId = familyOf(id);
      setFamilyArchived(sqlite, familyId, archived ? nowIso() : null);
      return { familyId, archived };
    },

    remove(id) {
      const { row } = load(id);
      const outcome = deleteFamily(sqlite, row.familyId);
      if (outcome.kind === 'inUse') {
        throw new AppError(
          'DEFINITION_IN_USE',
          `"${row.name}" cannot be deleted: ${outcome.runs} run${outcome.runs === 1 ? ' uses' : 's use'} its ` +
            'versions, and a run keeps the exact definition it ran. Archive it instead to hide it from the list.',
          { runs: outcome.runs },
        );
      }
      return { familyId: row.familyId, deletedVersions: outcome.versions };
    },

    versions(familyId) {
      let rows = familyRows(sqlite, familyId);
      if (rows.length === 0) rows = familyRows(sqlite, familyOf(familyId));
      const counts = runCountsByDefinition(sqlite);
      return {
        familyId: rows[0]?.familyId ?? familyId,
        archived: rows[0]?.archivedAt != null,
        versions: rows.map((row) => ({
          id: row.id,
          version: row.version,
          name: row.name,
          contentHash: row.contentHash,
          scenarioCount: scenarioCount(definitionContentSchema.parse(JSON.parse(row.contentJson))),
          runCount: counts.get(row.id) ?? 0,
          createdAt: row.createdAt,
        })),
      };
    },

    async diff(fromId, toId) {
      const from = load(fromId);
      const to = load(toId);
      const sameFamily = from.row.familyId === to.row.familyId;
      const label = (r: typeof from.row): string => (sameFamily ? `v${r.version}` : `"${r.name}" v${r.version}`);
      const [fromSource, toSource] = [await sourceOf(from.row, from.content), await sourceOf(to.row, to.content)];
      return {
        from: { id: fromId, version: from.row.version, familyId: from.row.familyId },
        to: { id: toId, version: to.row.version, familyId: to.row.familyId },
        text: diffLines(fromSource.text, toSource.text),
        scenarios: diffScenarios(from.content, to.content, { from: label(from.row), to: label(to.row) }),
      };
    },
  };
}
