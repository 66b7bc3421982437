/** Client state: the providers whose card shows "Checking…" while a re-check of that one provider is on its way. */
import { create } from 'zustand';
import type { ProviderId } from '@shared/domain';

export const useChecking = create<{ checking: ProviderId[] }>()(() => ({ checking: [] }));
