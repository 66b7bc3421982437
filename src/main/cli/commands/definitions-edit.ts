/**
 * `definitions new|edit|duplicate|archive|unarchive|delete|versions|diff|validate|export|schema`: writing a definition from
 * the terminal over the same routes as the app's editor. `export` starts a YAML file with a
 * `# yaml-language-server: $schema=…` line (editors then validate and complete it); `edit` drops that line again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { definitionJsonSchema, yamlSchemaComment } from '../../../shared/definition-json-schema';
import type { DefinitionDetail } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { DefinitionProblem } from '../../../shared/ipc';
import { type Core, callRoute, decodeUtf8Strict } from '../../core';
import { single, UsageError, type ParsedArgs } from '../args';

export const DEFINITION_EDIT_SUBCOMMANDS = new Set([
  'new',
  'edit',
  'duplicate',
  'archive',
  'unarchive',
  'delete',
  'versions',
  'diff',
  'validate',
  'export',
  'schema',
]);

/** Subcommands that never write (they work on read-only data). */
export const DEFINITION_READ_SUBCOMMANDS = new Set(['versions', 'diff', 'validate', 'export', 'schema']);

export interface DefinitionsIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

async function readText(io: DefinitionsIo, file: string): Promise<{ text: string; name: string }> {
  const bytes = await readFile(resolve(io.env.INIT_CWD ?? process.cwd(), file)).catch((e: Error) => {
    throw new AppError('NOT_FOUND', `Cannot read ${file}: ${e.message}`);
  });
  return { text: decodeUtf8Strict(bytes, file), name: basename(file) };
}

/** `file:line:column: field: message`, the form editors and terminals link to. */
export function problemLine(file: string, problem: DefinitionProblem): string {
  const place = problem.line === null ? '' : `${problem.line}:${problem.column ?? 1}:`;
  return `${file}:${place} ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}

function describe(io: DefinitionsIo, d: DefinitionDetail, verb: string): void {
  io.err(`${verb} "${d.name}" v${d.version}: ${d.scenarioCount} scenario${d.scenarioCount === 1 ? '' : 's'}`);
  for (const warning of d.warnings) io.err(`warning: ${warning}`);
  io.out(d.id);
}

/** The schema line `export` adds, removed when the stored base text does not have it (an unchanged file stays unchanged). */
function withoutSchemaLine(text: string, baseText: string): string {
  const line = `${yamlSchemaComment()}\n`;
  return text.startsWith(line) && !baseText.startsWith(line) ? text.slice(line.length) : text;
}

/** `rest` is what follows `definitions`: the subcommand and its arguments. */
export async function definitionsEditCommand(
  core: Core,
  rest: string[],
  args: ParsedArgs,
  io: DefinitionsIo,
): Promise<number> {
  const [sub, first, second] = rest;
  const need = (value: string | undefined, what: string): string => {
    if (!value) throw new UsageError(`missing ${what} for definitions ${sub ?? ''}`);
    return value;
  };
  const call = core.dispatch;
  switch (sub) {
    case 'new': {
      const { text, name } = await readText(io, need(first ?? single(args, 'file'), 'FILE'));
      describe(io, (await callRoute(call, 'definitions.create', { text, fileName: name })).definition, 'Created');
      return 0;
    }
    case 'edit': {
      const id = need(first, 'DEF_ID');
      const { text } = await readText(io, need(single(args, 'file'), '--file FILE'));
      const base = await callRoute(call, 'definitions.source', { id });
      const saved = await callRoute(call, 'definitions.saveVersion', {
        familyId: base.familyId,
        baseVersionId: id,
        text: withoutSchemaLine(text, base.text),
      });
      if (!saved.created) io.err(`No change: "${saved.definition.name}" stays at v${saved.definition.version}`);
      describe(io, saved.definition, saved.created ? 'Saved' : 'Kept');
      return 0;
    }
    case 'duplicate': {
      const name = single(args, 'name');
      const copy = await callRoute(call, 'definitions.duplicate', {
        id: need(first, 'DEF_ID'),
        ...(name ? { name } : {}),
      });
      describe(io, copy.definition, 'Duplicated as');
      return 0;
    }
    case 'archive':
    case 'unarchive': {
      const done = await callRoute(call, 'definitions.archive', {
        id: need(first, 'DEF_ID'),
        archived: sub === 'archive',
      });
      io.err(
        `Definition ${done.familyId} ${done.archived ? 'archived (hidden from lists; its runs stay)' : 'restored'}`,
      );
      io.out(done.familyId);
      return 0;
    }
    case 'delete': {
      const done = await callRoute(call, 'definitions.delete', { id: need(first, 'DEF_ID') });
      io.err(
        `Deleted definition ${done.familyId} (${done.deletedVersions} version${done.deletedVersions === 1 ? '' : 's'})`,
      );
      io.out(done.familyId);
      return 0;
    }
    case 'versions': {
      const family = await callRoute(call, 'definitions.versions', { familyId: need(first, 'DEF_ID') });
      for (const v of family.versions)
        io.out(`${v.id}\tv${v.version}\t${v.scenarioCount} scenarios\t${v.runCount} runs\t${v.createdAt}\t${v.name}`);
      return 0;
    }
    case 'diff': {
      const diff = await callRoute(call, 'definitions.diff', {
        fromId: need(first, 'FROM_ID'),
        toId: need(second, 'TO_ID'),
      });
      for (const line of diff.text) if (line.kind !== ' ') io.out(`${line.kind}${line.text}`);
      io.err(diff.scenarios.summary);
      return 0;
    }
    case 'validate': {
      const file = need(first, 'FILE');
      const { text, name } = await readText(io, file);
      const format = /\.json$/i.test(name) ? 'json' : /\.ya?ml$/i.test(name) ? 'yaml' : undefined;
      const result = await callRoute(call, 'definitions.validate', { text, ...(format ? { format } : {}) });
      for (const problem of result.errors) io.err(problemLine(file, problem));
      for (const warning of result.warnings) io.err(`${file}: warning: ${warning}`);
      if (!result.ok) {
        io.err(
          `${file} is not a valid definition (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})`,
        );
        return 1;
      }
      io.out(`${file}: valid, ${result.scenarioCount ?? 0} scenarios; answer scale: ${result.scaleSummary ?? 'none'}`);
      return 0;
    }
    case 'export': {
      const source = await callRoute(call, 'definitions.source', { id: need(first, 'DEF_ID') });
      // JSON has no comments: only YAML gets the schema line (and only once).
      const schemaLine = `${yamlSchemaComment()}\n`;
      const text =
        source.format === 'yaml' && !source.text.startsWith(schemaLine) ? `${schemaLine}${source.text}` : source.text;
      const out = single(args, 'out');
      if (!out) {
        io.out(text.replace(/\n$/, ''));
        return 0;
      }
      await writeFile(resolve(io.env.INIT_CWD ?? process.cwd(), out), text, 'utf8');
      io.err(`Wrote v${source.version} of ${source.familyId} to ${out}`);
      io.out(out);
      return 0;
    }
    case 'schema':
      io.out(JSON.stringify(definitionJsonSchema(), null, 2));
      return 0;
    default:
      throw new UsageError(`unknown definitions command "${sub ?? ''}"`);
  }
}
