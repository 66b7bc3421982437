/**
 * `transcripts RUN_ID [--model M] [--decision D] [--outcome O] [--source S] [--grep TEXT] [--json]`: the run's
 * transcripts that match, one line each (scenario, model, sample, score, decision, id), or one JSON line each; how
 * many match of how many goes to stderr.
 */
import { TRANSCRIPT_OUTCOMES, type TranscriptFilter } from '../../../shared/transcript-filter';
import { type Core, callRoute } from '../../core';
import { single, UsageError, type ParsedArgs } from '../args';

const PAGE = 1000;
const SOURCES = ['extracted', 'override'] as const;

function oneOf<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const value = single(args, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** The filter the flags ask for (the same one the run page's filter bar sends). */
export function transcriptFilterFromArgs(args: ParsedArgs): TranscriptFilter {
  const model = single(args, 'model');
  const decision = single(args, 'decision');
  const grep = single(args, 'grep');
  const outcome = oneOf(args, 'outcome', TRANSCRIPT_OUTCOMES);
  const source = oneOf(args, 'source', SOURCES);
  return {
    ...(model !== undefined ? { model } : {}),
    // A whole number is a score code ("--decision 4"); anything else a decision label.
    ...(decision === undefined ? {} : /^-?\d+$/.test(decision.trim()) ? { score: Number(decision) } : { decision }),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(grep !== undefined ? { text: grep } : {}),
  };
}

export async function listTranscriptsCommand(
  core: Core,
  runId: string,
  args: ParsedArgs,
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  const filter = transcriptFilterFromArgs(args);
  const json = args.booleans.has('json');
  const { matched, total } = await callRoute(core.dispatch, 'transcripts.count', { runId, ...filter });
  for (let offset = 0; ; offset += PAGE) {
    const page = await callRoute(core.dispatch, 'runs.transcripts', { runId, ...filter, offset, limit: PAGE });
    for (const t of page) {
      if (json) io.out(JSON.stringify(t));
      else
        io.out(
          [t.scenarioId, t.modelKey, `sample ${t.sample}`, t.score ?? '-', t.decision, t.decisionSource, t.id].join(
            '\t',
          ),
        );
    }
    if (page.length < PAGE) break;
  }
  io.err(`${matched.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} transcripts match`);
  return 0;
}
