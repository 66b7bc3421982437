/**
 * API keys encrypted with Electron's safeStorage, decrypted once at start-up. A key that cannot be decrypted (a
 * denied keychain prompt, a locked Linux keyring) is skipped and said plainly in System Health instead of stopping
 * the app; its ciphertext is kept so it works again once the keychain is unlocked. Uses the asynchronous safeStorage
 * API where the installed Electron has it (the synchronous calls are deprecated), the synchronous one otherwise.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../core';
import { AppError } from '../../shared/errors';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plain: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?(): string;
}

/** What protects the keys on this machine, in words, and a warning when that is weaker than an OS keychain. */
export function describeBackend(
  platform: NodeJS.Platform,
  backend: string | undefined,
): { kind: string; warning: string | null } {
  if (platform === 'darwin') return { kind: 'macOS Keychain (Electron safeStorage)', warning: null };
  if (platform === 'win32') return { kind: 'Windows DPAPI (Electron safeStorage)', warning: null };
  if (backend === 'gnome_libsecret') return { kind: 'Secret Service keyring (Electron safeStorage)', warning: null };
  if (backend?.startsWith('kwallet')) return { kind: `KDE Wallet ${backend} (Electron safeStorage)`, warning: null };
  if (backend === 'basic_text')
    return {
      kind: 'Electron safeStorage, basic_text (no OS keyring)',
      warning:
        'No keyring (GNOME Keyring/Secret Service or KWallet) was found, so keys are only obfuscated with a ' +
        'password built into Chromium: anyone who can read your files can read them. Install and unlock a keyring ' +
        'and save the keys again, or set them as environment variables (e.g. OPENAI_API_KEY) instead.',
    };
  return { kind: `Electron safeStorage (backend ${backend ?? 'unknown'})`, warning: null };
}

const fileSchema = z.record(z.string(), z.string());

/** "provider:openai:apiKey" → "openai": how a key is named to the person. */
const keyLabel = (name: string): string => /^provider:([^:]+):/.exec(name)?.[1] ?? name;

export interface SafeStorageSecretStore extends SecretStore {
  /** Resolves once every change so far is encrypted and on disk. */
  flush(): Promise<void>;
  /** Names whose stored value could not be decrypted at start-up. */
  readonly undecryptable: string[];
}

export async function openSafeStorageSecretStore(
  path: string,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): Promise<SafeStorageSecretStore> {
  const stored = new Map<string, string>(existsSync(path) ? readStored(path) : []);
  const plain = new Map<string, string>();
  const undecryptable: string[] = [];
  const reEncrypt: string[] = [];
  const available = safeStorage.isAsyncEncryptionAvailable
    ? await safeStorage.isAsyncEncryptionAvailable().catch(() => false)
    : safeStorage.isEncryptionAvailable();
  const decrypt = async (b64: string): Promise<{ result: string; shouldReEncrypt: boolean }> => {
    const buffer = Buffer.from(b64, 'base64');
    if (safeStorage.decryptStringAsync) return safeStorage.decryptStringAsync(buffer);
    return { result: safeStorage.decryptString(buffer), shouldReEncrypt: false };
  };
  const encrypt = async (value: string): Promise<string> =>
    (safeStorage.encryptStringAsync
      ? await safeStorage.encryptStringAsync(value)
      : safeStorage.encryptString(value)
    ).toString('base64');

  for (const [name, b64] of stored) {
    try {
      const { result, shouldReEncrypt } = await decrypt(b64);
      plain.set(name, result);
      if (shouldReEncrypt) reEncrypt.push(name);
    } catch {
      undecryptable.push(name);
    }
  }

  const backend = describeBackend(platform, safeStorage.getSelectedStorageBackend?.());
  let persistError: string | null = null;
  let queue: Promise<void> = Promise.resolve();
  const persist = (name: string, value: string | null): void => {
    queue = queue.then(async () => {
      try {
        if (value === null) stored.delete(name);
        else stored.set(name, await encrypt(value));
        writeStored(path, stored);
        persistError = null;
      } catch (error) {
        persistError = `The key for ${keyLabel(name)} could not be saved: ${(error as Error).message}`;
      }
    });
  };
  for (const name of reEncrypt) persist(name, plain.get(name) ?? null);

  return {
    kind: backend.kind,
    persistent: true,
    undecryptable,
    get warning() {
      const notes = [backend.warning, persistError].filter((n): n is string => n !== null);
      if (undecryptable.length > 0)
        notes.push(
          `${undecryptable.length} stored key(s) could not be decrypted (${undecryptable.map(keyLabel).join(', ')}): ` +
            'the keychain refused or is locked. They were skipped; unlock the keychain and restart, or enter them ' +
            'again in Settings.',
        );
      if (!available) notes.push('This system offers no encryption for stored keys, so new keys cannot be saved here.');
      return notes.length > 0 ? notes.join(' ') : null;
    },
    get: (name) => plain.get(name) ?? null,
    set: (name, value) => {
      if (value !== null && !available) {
        throw new AppError(
          'PROVIDER_NOT_CONFIGURED',
          'This system offers no encryption for stored keys (no keychain/secret service), so the key was not saved. ' +
            'Set the provider key as an environment variable (e.g. OPENAI_API_KEY) before starting the app instead.',
        );
      }
      if (value === null) plain.delete(name);
      else plain.set(name, value);
      const skipped = undecryptable.indexOf(name);
      if (skipped >= 0) undecryptable.splice(skipped, 1);
      persist(name, value);
    },
    values: () => [...plain.values()],
    flush: () => queue,
  };
}

function readStored(path: string): [string, string][] {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? Object.entries(parsed.data) : [];
  } catch {
    return [];
  }
}

function writeStored(path: string, stored: Map<string, string>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  writeFileSync(temp, JSON.stringify(Object.fromEntries(stored), null, 2), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
