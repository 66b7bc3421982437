/** Encrypts API keys with Electron's safeStorage (OS keychain); refuses plainly when the OS offers no encryption. */
import type { SecretCipher } from '../core/providers/secrets';
import { AppError } from '../../shared/errors';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function safeStorageCipher(safeStorage: SafeStorageLike): SecretCipher {
  return {
    kind: 'os-keychain (Electron safeStorage)',
    encrypt(plain) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new AppError(
          'PROVIDER_NOT_CONFIGURED',
          'This system offers no encryption for stored keys (no keychain/secret service), so the key was not saved. ' +
            'Set the provider key as an environment variable (e.g. OPENAI_API_KEY) before starting the app instead.',
        );
      }
      return safeStorage.encryptString(plain).toString('base64');
    },
    decrypt(stored) {
      return safeStorage.decryptString(Buffer.from(stored, 'base64'));
    },
  };
}
