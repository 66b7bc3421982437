/**
 * `transcripts RUN_ID [filters]` lists a run's transcripts (commands/transcript-list.ts);
 * `transcripts override TRANSCRIPT_ID --score N|--refusal|--clear [--note TEXT]` codes a decision by hand.
 */
import { z } from 'zod';
import { type Core, callRoute } from '../../core';
import { numberFlag, single, UsageError, type ParsedArgs } from '../args';
import type { CommandIo } from './results';
import { listTranscriptsCommand } from './transcript-list';

interface TranscriptsIo extends CommandIo {
  err: (line: string) => void;
}

export async function transcriptsCommand(
  core: Core,
  rest: string[],
  args: ParsedArgs,
  io: TranscriptsIo,
): Promise<number> {
  const [sub, id] = rest;
  if (sub === undefined) throw new UsageError('missing RUN_ID');
  if (sub !== 'override') return listTranscriptsCommand(core, sub, args, io);
  if (!id) throw new UsageError('missing TRANSCRIPT_ID');
  const score = numberFlag(args, 'score', z.number().int('--score must be a whole number'));
  const refusal = args.booleans.has('refusal');
  const clear = args.booleans.has('clear');
  if ([score !== undefined, refusal, clear].filter(Boolean).length !== 1) {
    throw new UsageError('give exactly one of --score N, --refusal or --clear');
  }
  const note = single(args, 'note');
  const t = await callRoute(core.dispatch, 'transcripts.override', {
    id,
    ...(score !== undefined ? { score } : refusal ? { refusal: true as const } : { clear: true as const }),
    ...(note !== undefined && !clear ? { note } : {}),
  });
  const now = t.decisionSource === 'override' ? `coded by hand: ${t.decision}` : `back to the reader's: ${t.decision}`;
  const was = t.override ? ` (the reader's was ${t.override.extracted.decision})` : '';
  io.err(`Transcript ${t.id} decision ${now}${was}`);
  io.out(t.decisionSource);
  return 0;
}
