/** Handlers for definitions: import (a file's text or a shipped sample), list, and the expanded scenarios with their prompts. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../../shared/ipc';
import { AppError } from '../../../shared/errors';
import type { DefinitionService } from '../definitions/service';

const SAMPLE_FILE = /\.(ya?ml|json)$/i;

/** The sample files in `dir`, by name; none when the folder is missing (the list is then simply empty). */
export function listSamples(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => SAMPLE_FILE.test(name))
      .sort();
  } catch {
    return [];
  }
}

export function definitionHandlers(
  definitions: DefinitionService,
  samplesDir: string,
): Pick<
  Handlers,
  | 'definitions.list'
  | 'definitions.get'
  | 'definitions.import'
  | 'definitions.samples'
  | 'definitions.importSample'
  | 'definitions.scenarios'
  | 'definitions.source'
  | 'definitions.validate'
  | 'definitions.create'
  | 'definitions.saveVersion'
  | 'definitions.duplicate'
  | 'definitions.archive'
  | 'definitions.delete'
  | 'definitions.versions'
  | 'definitions.diff'
> {
  return {
    'definitions.list': async ({ includeArchived }) => definitions.list(includeArchived),
    'definitions.get': async ({ id }) => definitions.get(id),
    'definitions.import': async ({ fileName, text }) => definitions.importText(fileName, text),
    'definitions.samples': async () => listSamples(samplesDir).map((name) => ({ name })),
    'definitions.importSample': async ({ name }) => {
      // Only a name the listing offers: never a path the caller made up.
      if (!listSamples(samplesDir).includes(name)) throw new AppError('NOT_FOUND', `No sample definition "${name}".`);
      return definitions.importText(name, readFileSync(join(samplesDir, name), 'utf8'));
    },
    'definitions.scenarios': async ({ definitionId, offset, limit }) =>
      definitions.scenarios(definitionId, offset, limit),
    'definitions.source': async ({ id }) => definitions.source(id),
    'definitions.validate': async ({ text, format }) => definitions.validate(text, format),
    'definitions.create': async ({ text, fileName }) => definitions.create(text, fileName),
    'definitions.saveVersion': async ({ familyId, baseVersionId, text }) =>
      definitions.saveVersion(familyId, baseVersionId, text),
    'definitions.duplicate': async ({ id, name }) => definitions.duplicate(id, name),
    'definitions.archive': async ({ id, archived }) => definitions.archive(id, archived),
    'definitions.delete': async ({ id }) => definitions.remove(id),
    'definitions.versions': async ({ familyId }) => definitions.versions(familyId),
    'definitions.diff': async ({ fromId, toId }) => definitions.diff(fromId, toId),
  };
}
