/**
 * `prices [--json]`, `prices set PROVIDER:MODEL[@VERSION] --input USD --output USD [--batch-input USD --batch-output
 * USD]`, `prices remove PROVIDER:MODEL[@VERSION]`: the price table of Settings → Cost, from the command line (US
 * dollars per million tokens; the batch tier is half unless both batch prices are given).
 */
import { type Core, callRoute } from '../../core';
import { parseModelKey } from '../../../shared/domain';
import { batchBasis } from '../../../shared/batch';
import { formatUsd, type ModelPrice } from '../../../shared/prices';
import { single, UsageError, type ParsedArgs } from '../args';

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

function usd(args: ParsedArgs, name: string): number | null {
  const text = single(args, name);
  if (text === undefined) return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} needs a number of US dollars`);
  return value;
}

function modelOf(text: string | undefined) {
  if (!text) throw new UsageError('missing PROVIDER:MODEL[@VERSION]');
  try {
    return parseModelKey(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** One line per price: model, real-time input / output, the batch tier (yours or half), date and source. */
export function priceLine(price: ModelPrice): string {
  const key = `${price.providerId}:${price.modelId}${price.modelVersion ? `@${price.modelVersion}` : ''}`;
  const tier = batchBasis({ kind: 'priced', price });
  const batch =
    tier.kind === 'priced'
      ? `batch ${formatUsd(tier.price.inputUsdPerMTok)} / ${formatUsd(tier.price.outputUsdPerMTok)}${price.batchInputUsdPerMTok === null ? ' (half)' : ''}`
      : '';
  const source =
    price.source === 'user' ? (price.overridesBuiltin ? 'yours (replaces built-in)' : 'yours') : 'built-in';
  return `${key}\t${formatUsd(price.inputUsdPerMTok)} / ${formatUsd(price.outputUsdPerMTok)}\t${batch}\t${price.recordedAt}\t${source}`;
}

export async function pricesCommand(core: Core, rest: string[], args: ParsedArgs, io: Io): Promise<number> {
  const [sub, target] = rest;
  let prices: ModelPrice[];
  if (sub === 'set') {
    const input = usd(args, 'input');
    const output = usd(args, 'output');
    if (input === null || output === null) throw new UsageError('prices set needs --input and --output');
    prices = await callRoute(core.dispatch, 'prices.save', {
      ...modelOf(target),
      inputUsdPerMTok: input,
      outputUsdPerMTok: output,
      batchInputUsdPerMTok: usd(args, 'batch-input'),
      batchOutputUsdPerMTok: usd(args, 'batch-output'),
    });
  } else if (sub === 'remove') prices = await callRoute(core.dispatch, 'prices.remove', modelOf(target));
  else if (sub === undefined) prices = await callRoute(core.dispatch, 'prices.list', {});
  else throw new UsageError(`unknown prices subcommand "${sub}" (set, remove, or none to list)`);
  if (args.booleans.has('json')) io.out(JSON.stringify(prices));
  else for (const price of prices) io.out(priceLine(price));
  return 0;
}
