/** `runs rename|notes|archive|unarchive|delete RUN ...`: a researcher's bookkeeping on runs over the same routes as the app. */
import { type Core, callRoute } from '../../core';
import { UsageError, type ParsedArgs } from '../args';
import { EXIT } from '../data-access';
import { YES_FLAG } from './cost';
import type { CommandIo } from './results';

interface ManageIo extends CommandIo {
  err: (line: string) => void;
}

const plural = (n: number, what: string): string => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/** `rest` is what follows `runs`: the subcommand, the run id, then the name or notes text. */
export async function manageRunsCommand(core: Core, rest: string[], args: ParsedArgs, io: ManageIo): Promise<number> {
  const [sub, id, ...words] = rest;
  if (!id) throw new UsageError(`missing RUN_ID for runs ${sub ?? ''}`);
  switch (sub) {
    case 'rename':
    case 'notes': {
      if (sub === 'rename' && words.length === 0) throw new UsageError('missing NAME (use "" to clear it)');
      const text = words.join(' ');
      const run = await callRoute(
        core.dispatch,
        'runs.update',
        sub === 'rename' ? { id, name: text } : { id, notes: text },
      );
      io.err(sub === 'rename' ? `Run ${run.id} is named "${run.name ?? ''}"` : `Run ${run.id} notes saved`);
      io.out(run.id);
      return 0;
    }
    case 'archive':
    case 'unarchive': {
      const run = await callRoute(core.dispatch, 'runs.archive', { id, archived: sub === 'archive' });
      io.err(`Run ${run.id} ${run.archivedAt ? `archived at ${run.archivedAt}` : 'is no longer archived'}`);
      io.out(run.id);
      return 0;
    }
    case 'delete': {
      const what = await callRoute(core.dispatch, 'runs.deletion', { id });
      const goes = `${plural(what.transcripts, 'transcript')} and ${plural(what.jobs, 'job')}`;
      const stays = `exports are files and stay${what.reruns > 0 ? `; ${plural(what.reruns, 're-run')} of it stay` : ''}`;
      if (!args.booleans.has(YES_FLAG)) {
        io.err(`Deleting run ${id} removes ${goes} (${stays}). Run again with --yes to delete it.`);
        return EXIT.DELETE_NOT_CONFIRMED;
      }
      const deleted = await callRoute(core.dispatch, 'runs.delete', { id });
      io.err(`Deleted run ${deleted.id}: ${plural(deleted.transcripts, 'transcript')}, ${plural(deleted.jobs, 'job')}`);
      io.out(deleted.id);
      return 0;
    }
    default:
      throw new UsageError(`unknown runs command "${sub ?? ''}"`);
  }
}
