/** A small, strict argv parser for the CLI: positionals, `--flag value`, repeatable flags and booleans. */

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

export function numberFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = single(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  return value;
}
