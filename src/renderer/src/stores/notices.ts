/** Notices that outlive the page that caused them: the definition just imported, shown on the page it opens. */
import { create } from 'zustand';

export interface LastImport {
  definitionId: string;
  fileName: string;
  alreadyImported: boolean;
}

interface NoticesState {
  lastImport: LastImport | null;
  imported(notice: LastImport): void;
  dismissImport(): void;
}

export const useNotices = create<NoticesState>()((set) => ({
  lastImport: null,
  imported(lastImport) {
    set({ lastImport });
  },
  dismissImport() {
    set({ lastImport: null });
  },
}));
