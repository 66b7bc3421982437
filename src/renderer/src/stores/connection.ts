/** Whether the core is reachable and accepts our token, so the layout can say so once instead of every page guessing. */
import { create } from 'zustand';
import { api, type ConnectionState } from '../api/client';

interface ConnectionStore {
  state: ConnectionState;
  message: string | null;
}

export const useConnection = create<ConnectionStore>()(() => ({ state: 'ok', message: null }));

api.onConnectionChange((state, error) => {
  const current = useConnection.getState();
  const message = state === 'ok' ? null : (error?.message ?? null);
  if (current.state !== state || current.message !== message) useConnection.setState({ state, message });
});
