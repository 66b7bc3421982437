/**
 * The last health result of every provider among the chosen models (the start form and the re-run dialog): each one
 * not known yet is checked once when first chosen, and those whose result means every job would fail are named.
 */
import { useEffect } from 'react';
import type { ModelRef, ProviderId } from '@shared/domain';
import { healthBlocker } from '../lib/fixes';
import { useHealth } from '../stores/health';

export function useChosenHealth(models: readonly ModelRef[]): { blockers: string[]; stillChecking: boolean } {
  const health = useHealth((state) => state.report?.data?.providers ?? null);
  const checking = useHealth((state) => state.checking);
  const checkOne = useHealth((state) => state.checkOne);
  const chosen = [...new Set(models.map((model) => model.providerId))];
  const chosenKey = chosen.join(',');
  useEffect(() => {
    const known = useHealth.getState().report?.data?.providers ?? [];
    const busy = useHealth.getState().checking;
    for (const providerId of chosenKey.split(',').filter(Boolean) as ProviderId[]) {
      if (!known.some((p) => p.providerId === providerId) && !busy.includes(providerId)) void checkOne(providerId);
    }
  }, [chosenKey, checkOne]);
  const blockers = chosen.flatMap((providerId) => {
    const reason = healthBlocker(health?.find((p) => p.providerId === providerId));
    return reason ? [reason] : [];
  });
  return { blockers, stillChecking: chosen.some((providerId) => checking.includes(providerId)) };
}
