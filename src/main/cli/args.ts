/** A small, strict argv parser for the CLI: positionals, `--flag value`, repeatable flags and booleans. */
import type { z } from 'zod';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
  booleans: Set<string>;
}

export class UsageError extends Error {}

/**
 * Parses argv. With `valueFlags`, any other `--option` is refused by name, so a typo never silently changes nothing.
 */
export function parseArgs(argv: string[], booleanFlags: readonly string[], valueFlags?: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const booleans = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (booleanFlags.includes(name)) {
      booleans.add(name);
      continue;
    }
    if (valueFlags && !valueFlags.includes(name)) {
      throw new UsageError(
        `unknown option --${name} (known: ${[...valueFlags, ...booleanFlags].map((f) => `--${f}`).join(', ')})`,
      );
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`);
    if (inline === undefined) i += 1;
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { positionals, flags, booleans };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  if (values && values.length > 1) throw new UsageError(`--${name} given more than once`);
  return values?.[0];
}

/**
 * A numeric option, checked by the schema the route itself parses it with (a run option, a parallel-request limit):
 * what the CLI accepts is exactly what the core accepts, and the schema's reason is the message.
 */
export function numberFlag(args: ParsedArgs, name: string, schema: z.ZodType<number | null>): number | undefined {
  const text = single(args, name);
  if (text === undefined) return undefined;
  const parsed = schema.safeParse(text.trim() === '' ? Number.NaN : Number(text));
  if (!parsed.success || parsed.data === null) {
    const reason = parsed.success ? 'a number is required' : (parsed.error.issues[0]?.message ?? 'invalid');
    throw new UsageError(`--${name}: ${reason}, got "${text}"`);
  }
  return parsed.data;
}
