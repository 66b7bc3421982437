import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeBackend,
  openSafeStorageSecretStore,
  type SafeStorageLike,
} from '../../src/main/electron/secret-vault';
import { AppError } from '../../src/shared/errors';
import { makeTempDir } from '../helpers/temp';

/** A reversible stand-in for the OS keychain: XOR, with a switch to make decryption fail like a denied prompt. */
function fakeSafeStorage(options: { async: boolean; backend?: string }): SafeStorageLike & {
  available: boolean;
  deny: boolean;
  asyncCalls: number;
} {
  const xor = (b: Buffer): Buffer => Buffer.from([...b].map((x) => x ^ 0x5a));
  const fake = {
    available: true,
    deny: false,
    asyncCalls: 0,
    isEncryptionAvailable: () => fake.available,
    encryptString: (s: string) => xor(Buffer.from(s)),
    decryptString: (b: Buffer) => {
      if (fake.deny) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(b).toString();
    },
    getSelectedStorageBackend: options.backend ? () => options.backend! : undefined,
  };
  if (!options.async) return fake;
  return Object.assign(fake, {
    isAsyncEncryptionAvailable: async () => fake.available,
    encryptStringAsync: async (s: string) => {
      fake.asyncCalls++;
      return fake.encryptString(s);
    },
    decryptStringAsync: async (b: Buffer) => {
      fake.asyncCalls++;
      return { result: fake.decryptString(b), shouldReEncrypt: false };
    },
  });
}

describe('safeStorage secret store', () => {
  for (const async of [true, false]) {
    it(`encrypts on disk (0600), survives reopening, and refuses without encryption (${async ? 'async' : 'sync'} API)`, async () => {
      const temp = makeTempDir();
      try {
        const path = join(temp.dir, 'secrets.enc.json');
        const fake = fakeSafeStorage({ async });
        const store = await openSafeStorageSecretStore(path, fake, 'darwin');
        store.set('provider:openai:apiKey', 'sk-secret-value');
        await store.flush();
        expect(readFileSync(path, 'utf8')).not.toContain('sk-secret-value');
        expect(statSync(path).mode & 0o777).toBe(0o600);
        const again = await openSafeStorageSecretStore(path, fake, 'darwin');
        expect(again.get('provider:openai:apiKey')).toBe('sk-secret-value');
        expect(again.values()).toEqual(['sk-secret-value']);
        expect(again.warning).toBeNull();
        expect(fake.asyncCalls > 0).toBe(async);
        fake.available = false;
        const locked = await openSafeStorageSecretStore(path, fake, 'darwin');
        expect(() => locked.set('provider:openai:apiKey', 'other')).toThrow(AppError);
        expect(locked.warning).toMatch(/no encryption/);
      } finally {
        temp.cleanup();
      }
    });
  }

  it('skips a key it cannot decrypt, says so, keeps its ciphertext, and starts anyway', async () => {
    const temp = makeTempDir();
    try {
      const path = join(temp.dir, 'secrets.enc.json');
      const fake = fakeSafeStorage({ async: true });
      const first = await openSafeStorageSecretStore(path, fake, 'win32');
      first.set('provider:anthropic:apiKey', 'sk-ant-1');
      await first.flush();
      fake.deny = true;
      const store = await openSafeStorageSecretStore(path, fake, 'win32');
      expect(store.get('provider:anthropic:apiKey')).toBeNull();
      expect(store.undecryptable).toEqual(['provider:anthropic:apiKey']);
      expect(store.warning).toMatch(/1 stored key\(s\) could not be decrypted \(anthropic\)/);
      // Another key saved now does not drop the one that could not be read.
      fake.deny = false;
      store.set('provider:openai:apiKey', 'sk-oa');
      await store.flush();
      const later = await openSafeStorageSecretStore(path, fake, 'win32');
      expect(later.get('provider:anthropic:apiKey')).toBe('sk-ant-1');
      expect(later.get('provider:openai:apiKey')).toBe('sk-oa');
      // Entering the key again clears the warning.
      store.set('provider:anthropic:apiKey', 'sk-ant-2');
      expect(store.warning).toBeNull();
    } finally {
      temp.cleanup();
    }
  });

  it('reads a corrupt file as empty rather than failing', async () => {
    const temp = makeTempDir();
    try {
      const path = join(temp.dir, 'secrets.enc.json');
      writeFileSync(path, '{not json');
      const store = await openSafeStorageSecretStore(path, fakeSafeStorage({ async: false }), 'linux');
      expect(store.values()).toEqual([]);
    } finally {
      temp.cleanup();
    }
  });

  it('names the backend honestly and never calls basic_text a keychain', async () => {
    expect(describeBackend('linux', 'basic_text')).toMatchObject({ kind: expect.stringMatching(/basic_text/) });
    expect(describeBackend('linux', 'basic_text').kind).not.toMatch(/keychain/i);
    expect(describeBackend('linux', 'basic_text').warning).toMatch(/obfuscated/);
    expect(describeBackend('linux', 'gnome_libsecret')).toEqual({
      kind: expect.stringMatching(/Secret Service/),
      warning: null,
    });
    expect(describeBackend('linux', 'kwallet6').kind).toMatch(/KDE Wallet kwallet6/);
    expect(describeBackend('linux', undefined).kind).toMatch(/unknown/);
    expect(describeBackend('darwin', undefined).kind).toMatch(/macOS Keychain/);
    expect(describeBackend('win32', undefined).kind).toMatch(/DPAPI/);
    const temp = makeTempDir();
    try {
      const store = await openSafeStorageSecretStore(
        join(temp.dir, 's.json'),
        fakeSafeStorage({ async: true, backend: 'basic_text' }),
        'linux',
      );
      expect(store.kind).toMatch(/basic_text/);
      expect(store.warning).toMatch(/obfuscated/);
    } finally {
      temp.cleanup();
    }
  });
});
