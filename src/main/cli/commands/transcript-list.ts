/**
 * `transcripts RUN_ID [--model M] [--decision D] [--outcome O] [--source S] [--scenario ID]… [--level DIM=LEVEL]…
 * [--grep TEXT] [--json]`: the run's transcripts that match, one line each (scenario, model, sample, score, decision,
 * id), or one JSON line each; how many match of how many goes to stderr.
 */
import {
  TRANSCRIPT_OUTCOMES,
  type TranscriptDimensionCounts,
  type TranscriptFilter,
} from '../../../shared/transcript-filter';
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

/** `--level DIM=LEVEL` pairs as given, grouped by dimension (a level is its score or its label). */
export function levelArgs(args: ParsedArgs): Map<string, string[]> {
  const levels = new Map<string, string[]>();
  for (const pair of args.flags.get('level') ?? []) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const level = pair.slice(at + 1).trim();
    if (at < 0 || name === '' || level === '') throw new UsageError(`--level takes DIMENSION=LEVEL, got "${pair}"`);
    levels.set(name, [...(levels.get(name) ?? []), level]);
  }
  return levels;
}

/** The levels asked for as scores, each checked against the run's own dimensions (a label is read as its score). */
export function resolveLevels(
  asked: Map<string, string[]>,
  dimensions: readonly TranscriptDimensionCounts[],
): Record<string, number[]> {
  const levels: Record<string, number[]> = {};
  for (const [name, values] of asked) {
    const dimension = dimensions.find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (!dimension)
      throw new UsageError(
        `--level: the run has no dimension "${name}" (its dimensions: ${dimensions.map((d) => d.name).join(', ') || 'none'})`,
      );
    levels[dimension.name] = values.map((value) => {
      const level = dimension.levels.find(
        (l) => String(l.score) === value || l.label.toLowerCase() === value.toLowerCase(),
      );
      if (!level) {
        const known = dimension.levels.map((l) => `${l.score} (${l.label})`).join(', ');
        throw new UsageError(`--level: ${dimension.name} has no level "${value}" (its levels: ${known})`);
      }
      return level.score;
    });
  }
  return levels;
}

export async function listTranscriptsCommand(
  core: Core,
  runId: string,
  args: ParsedArgs,
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  const filter = transcriptFilterFromArgs(args);
  const scenarios = args.flags.get('scenario') ?? [];
  if (scenarios.length > 0) filter.scenario = scenarios;
  const asked = levelArgs(args);
  if (asked.size > 0)
    filter.levels = resolveLevels(asked, await callRoute(core.dispatch, 'transcripts.levels', { runId }));
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
