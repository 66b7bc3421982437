/** Where API keys live: an interface, and the file store (0600; browser mode and CLI, or encrypted by Electron). */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors';

export interface SecretStore {
  readonly kind: string;
  readonly persistent: boolean;
  /** Said plainly in System Health when keys are not protected as well as the platform allows. */
  readonly warning: string | null;
  get(name: string): string | null;
  set(name: string, value: string | null): void;
  /** Every secret value held, so loggers can redact them. */
  values(): string[];
}

/** Optional transform so the Electron shell can encrypt values with safeStorage before they reach the disk. */
export interface SecretCipher {
  kind: string;
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

const plainCipher: SecretCipher = { kind: 'file', encrypt: (v) => v, decrypt: (v) => v };

export function createFileSecretStore(path: string, cipher: SecretCipher = plainCipher): SecretStore {
  const read = (): Record<string, string> => {
    if (!existsSync(path)) return {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (!parsed || typeof parsed !== 'object') return {};
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch (error) {
      throw new AppError('INTERNAL', `The key file ${path} cannot be read: ${(error as Error).message}`);
    }
  };
  let cache = read();
  const decrypted = (): Record<string, string> =>
    Object.fromEntries(Object.entries(cache).map(([k, v]) => [k, cipher.decrypt(v)]));
  return {
    kind: cipher.kind,
    persistent: true,
    warning:
      cipher === plainCipher
        ? `Keys are stored unencrypted in ${path} (readable only by your user account, mode 0600). Prefer environment variables on shared machines.`
        : null,
    get: (name) => {
      const stored = cache[name];
      return stored === undefined ? null : cipher.decrypt(stored);
    },
    set: (name, value) => {
      const next = { ...cache };
      if (value === null) delete next[name];
      else next[name] = cipher.encrypt(value);
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.tmp`;
      writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, path);
      cache = next;
    },
    values: () => Object.values(decrypted()),
  };
}
