/**
 * Routes `definitions.*`: import, list, read a definition and page through its expanded scenarios; write one in the
 * app (create, save a new version, duplicate, archive, delete), validate a draft, list a family's versions and diff
 * two of them. A definition is a family of immutable versions: every saved edit is a new row with its own id.
 */
import { z } from 'zod';
import type { DefinitionContent, DefinitionDetail, DefinitionSummary, Scenario } from '../domain';
import { defineRoute, emptyInput, idSchema, pageSchema } from './define-route';

export interface ImportResult {
  definition: DefinitionDetail;
  alreadyImported: boolean;
}

export type DefinitionFormat = 'yaml' | 'json';

/** The largest definition text any route accepts (the importer's limit). */
export const MAX_DEFINITION_TEXT = 5_000_000;

const textSchema = z.string().max(MAX_DEFINITION_TEXT);
const fileNameSchema = z.string().trim().min(1).max(500);

/** The exact text the researcher wrote for one version (older imports without stored text get YAML made from content). */
export interface DefinitionSource {
  id: string;
  familyId: string;
  version: number;
  /** The family's newest version: save against it (`baseVersionId`) to make the next version. */
  latestVersionId: string;
  text: string;
  format: DefinitionFormat;
  /** The file name it was imported or created as (a generated one when none was given). */
  fileName: string;
}

/** One problem in a draft, where it is (1-based line and column; null when it has no single place) and in words. */
export interface DefinitionProblem {
  line: number | null;
  column: number | null;
  /** The field, e.g. `dimensions[0].levels[1].score`; empty for the whole file or a syntax error. */
  path: string;
  message: string;
}

export interface DefinitionValidation {
  ok: boolean;
  /** The validated content when `ok`. */
  content?: DefinitionContent;
  errors: DefinitionProblem[];
  /** Things that do not stop a save (large expansion, ambiguous scale…). */
  warnings: string[];
  /** The answer scale in words ("1 to 5, labelled at 1 and 5"); null when the draft does not parse. */
  scaleSummary: string | null;
  /** How many scenarios the draft expands to (counted, not expanded); null when the draft does not parse. */
  scenarioCount: number | null;
}

/** A saved definition version: `created` is false when the text equals the base version's (nothing new stored). */
export interface DefinitionSaveResult {
  definition: DefinitionDetail;
  created: boolean;
}

export interface DefinitionVersionInfo {
  id: string;
  version: number;
  name: string;
  contentHash: string;
  scenarioCount: number;
  /** Research runs that used this exact version. */
  runCount: number;
  createdAt: string;
}

export interface DefinitionVersions {
  familyId: string;
  archived: boolean;
  /** Newest first. */
  versions: DefinitionVersionInfo[];
}

/** One line of a unified text diff: ' ' unchanged, '-' only in `from`, '+' only in `to`. */
export interface DiffLine {
  kind: ' ' | '-' | '+';
  text: string;
  /** 1-based line in `from` (for ' ' and '-') and in `to` (for ' ' and '+'). */
  fromLine: number | null;
  toLine: number | null;
}

/** A scenario present in both versions (same dimension levels) whose prompt changed. */
export interface ScenarioWordingChange {
  scenarioId: string;
  name: string;
  before: string;
  after: string;
}

export interface ScenarioDiff {
  /** Scenario ids (dimension levels) only in `to` / only in `from`. */
  added: string[];
  removed: string[];
  /** In both, prompt changed (at most `DIFF_CHANGE_LIMIT` listed; `changedCount` is the full count). */
  changed: ScenarioWordingChange[];
  changedCount: number;
  /** In both with the same prompt: runs of the two versions can be compared on these. */
  comparable: number;
  /** "3 scenarios change wording; runs of v1 and v2 are comparable on the other 45." */
  summary: string;
}

export const DIFF_CHANGE_LIMIT = 200;

export interface DefinitionDiff {
  from: { id: string; version: number; familyId: string };
  to: { id: string; version: number; familyId: string };
  /** Unified diff of the source texts, every line (the UI folds long unchanged stretches). */
  text: DiffLine[];
  scenarios: ScenarioDiff;
}

export interface DefinitionArchiveResult {
  familyId: string;
  archived: boolean;
}

export interface DefinitionDeleteResult {
  familyId: string;
  /** How many versions were deleted. */
  deletedVersions: number;
}

export const definitionRoutes = {
  /** The latest version of each family, newest first; archived families only with `includeArchived`. */
  'definitions.list': defineRoute<DefinitionSummary[]>()(() =>
    z.object({ includeArchived: z.boolean().default(false) }).strict(),
  ),
  'definitions.get': defineRoute<DefinitionDetail>()(() => z.object({ id: idSchema })),
  'definitions.import': defineRoute<ImportResult>()(() => z.object({ fileName: fileNameSchema, text: textSchema })),
  /** The sample definitions shipped with the app (file names), for a first import. */
  'definitions.samples': defineRoute<{ name: string }[]>()(emptyInput),
  'definitions.importSample': defineRoute<ImportResult>()(() => z.object({ name: z.string().min(1).max(200) })),
  'definitions.scenarios': defineRoute<Scenario[]>()(() =>
    z.object({ definitionId: idSchema, ...pageSchema(500, 5000) }),
  ),
  /** A version's exact source text, to edit or export. */
  'definitions.source': defineRoute<DefinitionSource>()(() => z.object({ id: idSchema })),
  /** Checks a draft without storing anything: errors with line, column and field, in words. */
  'definitions.validate': defineRoute<DefinitionValidation>()(() =>
    z.object({ text: textSchema, format: z.enum(['yaml', 'json']).optional() }),
  ),
  /** A new family from text (version 1). Refused with DEFINITION_INVALID (details.issues) like an import. */
  'definitions.create': defineRoute<DefinitionSaveResult>()(() =>
    z.object({ text: textSchema, fileName: fileNameSchema.optional() }),
  ),
  /**
   * Saves `text` as the next version of the family. `baseVersionId` is the version the draft was made from: when it
   * is no longer the family's latest, the save is refused with STALE_VERSION (details: { latestVersionId,
   * latestVersion }) and nothing is stored — the draft stays with its writer.
   */
  'definitions.saveVersion': defineRoute<DefinitionSaveResult>()(() =>
    z.object({ familyId: idSchema, baseVersionId: idSchema, text: textSchema }),
  ),
  /** A new family (version 1) from a version's text, renamed (default: "<name> (copy)"). */
  'definitions.duplicate': defineRoute<DefinitionSaveResult>()(() =>
    z.object({ id: idSchema, name: z.string().trim().min(1).max(200).optional() }),
  ),
  /** Archives or restores the family of `id` (any version): hidden from the list, runs kept and openable. */
  'definitions.archive': defineRoute<DefinitionArchiveResult>()(() =>
    z.object({ id: idSchema, archived: z.boolean() }),
  ),
  /** Deletes the family of `id` and all its versions; refused with DEFINITION_IN_USE while any run uses one. */
  'definitions.delete': defineRoute<DefinitionDeleteResult>()(() => z.object({ id: idSchema })),
  'definitions.versions': defineRoute<DefinitionVersions>()(() => z.object({ familyId: idSchema })),
  /** Text and expansion difference between two versions (any two definitions, in fact). */
  'definitions.diff': defineRoute<DefinitionDiff>()(() => z.object({ fromId: idSchema, toId: idSchema })),
} as const;
