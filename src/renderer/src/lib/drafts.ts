/**
 * Unsaved editor drafts kept in localStorage, one per definition family (or one for a new definition), so a crash, a
 * closed window or a refused save never loses what was typed: the editor offers the draft when it opens again.
 */
const PREFIX = 'valuerank.draft.';

export interface Draft {
  text: string;
  /** The version the draft was made from (null: a new definition). */
  baseVersionId: string | null;
  savedAt: string;
}

export const NEW_DRAFT_KEY = 'new';

export function readDraft(key: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Draft>;
    return typeof parsed.text === 'string'
      ? { text: parsed.text, baseVersionId: parsed.baseVersionId ?? null, savedAt: String(parsed.savedAt ?? '') }
      : null;
  } catch {
    return null;
  }
}

export function writeDraft(key: string, draft: Draft): void {
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the in-memory text and the leave guard still protect the draft.
  }
}

export function clearDraft(key: string): void {
  try {
    window.localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to clear.
  }
}
