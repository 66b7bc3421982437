/** `models [--provider P] [--refresh] [--json]`: the model catalog, with the versions a run can pin. */
import { type Core, callRoute } from '../../core';
import type { ParsedArgs } from '../args';
import { providerFlags } from './health';

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function modelsCommand(core: Core, args: ParsedArgs, io: Io): Promise<number> {
  const providers = providerFlags(args);
  if (providers && providers.length > 1) io.err('note: only the first --provider is used');
  const providerId = providers?.[0];
  const catalog = await callRoute(core.dispatch, 'models.list', {
    ...(providerId ? { providerId } : {}),
    refresh: args.booleans.has('refresh'),
  });
  if (args.booleans.has('json')) {
    io.out(JSON.stringify(catalog));
    return 0;
  }
  for (const state of catalog.providers) {
    if (state.error) io.err(`${state.providerId}: listing failed: ${state.error.code}: ${state.error.message}`);
  }
  for (const m of catalog.models) {
    const pinned = m.defaultVersion ? `@${m.defaultVersion}` : '';
    const others = m.versions.filter((v) => v !== m.defaultVersion);
    const versions = others.length > 0 ? `  (also ${others.map((v) => `@${v}`).join(' ')})` : '';
    io.out(
      `${m.providerId}:${m.id}${pinned}\t${m.isAvailable ? 'available' : 'unavailable'}\t${m.displayName}${versions}`,
    );
  }
  return 0;
}
