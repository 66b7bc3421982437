/**
 * The last health result of every provider among the chosen models (the start form and the re-run dialog): each one
 * not known yet is checked once when first chosen, and those whose result means every job would fail are named.
 */
import { useEffect } from 'react';
import type { ModelRef, ProviderId } from '@shared/domain';
import { useKnownHealth, useProviderCheck } from '../data/health';
import { healthBlocker } from '../lib/fixes';

export function useChosenHealth(models: readonly ModelRef[]): { blockers: string[]; stillChecking: boolean } {
  const health = useKnownHealth().data?.providers ?? null;
  const { checking, checkUnknown } = useProviderCheck();
  const chosen = [...new Set(models.map((model) => model.providerId))];
  const chosenKey = chosen.join(',');
  useEffect(() => {
    checkUnknown(chosenKey.split(',').filter(Boolean) as ProviderId[]);
  }, [chosenKey, checkUnknown]);
  const blockers = chosen.flatMap((providerId) => {
    const reason = healthBlocker(health?.find((p) => p.providerId === providerId));
    return reason ? [reason] : [];
  });
  return { blockers, stillChecking: chosen.some((providerId) => checking.includes(providerId)) };
}
