/** `health [--json] [--provider P]`: the System Health report of the Settings page, for terminals and CI. */
import { PROVIDER_IDS, type ProviderId } from '../../../shared/domain';
import type { HealthReport, ProviderHealth } from '../../../shared/providers';
import { type Core, callRoute } from '../../core';
import { UsageError, type ParsedArgs } from '../args';

interface Io {
  out: (line: string) => void;
}

export function providerFlags(args: ParsedArgs): ProviderId[] | undefined {
  const values = args.flags.get('provider');
  if (!values) return undefined;
  return values.map((value) => {
    const id = PROVIDER_IDS.find((p) => p === value);
    if (!id) throw new UsageError(`unknown provider "${value}" (known: ${PROVIDER_IDS.join(', ')})`);
    return id;
  });
}

const STATUS_TEXT: Record<ProviderHealth['status'], string> = {
  connected: 'connected',
  not_configured: 'not configured',
  error: 'error',
};

function keyText(p: ProviderHealth): string {
  if (p.keySource === 'none') return p.local ? 'no key needed' : 'no key';
  return `key from ${p.keySource === 'settings' ? 'Settings' : 'environment'}${p.keyLast4 ? ` …${p.keyLast4}` : ''}`;
}

export function formatHealth(report: HealthReport): string[] {
  const w = report.pythonWorker;
  const lines = [
    `Database        ${report.database.ok ? 'ok' : 'ERROR'}  ${report.database.message ?? report.database.path}`,
    `Python worker   ${w.status}  ${w.status === 'online' ? `Python ${w.python ?? '?'} · ${w.processes} process(es) · ${w.restarts} restart(s)` : (w.message ?? '')}`,
  ];
  lines.push(`                interpreter ${w.interpreter.command} (from ${w.interpreter.source})`);
  if (w.interpreter.settingsProblem) lines.push(`                → ${w.interpreter.settingsProblem}`);
  if (w.hint) lines.push(`                → ${w.hint}`);
  lines.push(`Keys            ${report.secrets.kind}${report.secrets.warning ? ` (${report.secrets.warning})` : ''}`);
  lines.push(`Providers (checked ${report.checkedAt}):`);
  for (const p of report.providers) {
    const detail =
      p.status === 'connected'
        ? `${Math.round(p.latencyMs ?? 0)} ms, ${p.modelCount ?? 0} model(s), ${keyText(p)}`
        : p.status === 'error'
          ? `${p.error?.code ?? 'ERROR'}: ${p.error?.message ?? ''}`
          : keyText(p);
    lines.push(`  ${p.providerId.padEnd(10)} ${STATUS_TEXT[p.status].padEnd(15)} ${detail}`);
    if (p.hint) lines.push(`  ${''.padEnd(10)} ${''.padEnd(15)} → ${p.hint}`);
  }
  lines.push(report.readyToRun ? 'Ready to run.' : 'Not ready to run: fix the items marked above.');
  return lines;
}

/** Exit 0 when a run could start now (database, worker and at least one provider up), else 1. */
export async function healthCommand(core: Core, args: ParsedArgs, io: Io): Promise<number> {
  const providerIds = providerFlags(args);
  const report = await callRoute(core.dispatch, 'health.check', providerIds ? { providerIds } : {});
  if (args.booleans.has('json')) io.out(JSON.stringify(report));
  else for (const line of formatHealth(report)) io.out(line);
  return report.readyToRun ? 0 : 1;
}
