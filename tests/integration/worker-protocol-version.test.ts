/**
 * The worker protocol version, declared on both sides and compared at the worker's ready message: a worker that an
 * app update left behind (a real Python process speaking version 1) is refused with its own reason and the fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PythonPool } from '../../src/main/core/python/pool';
import { PROTOCOL_VERSION } from '../../src/main/core/python/protocol';
import { POOL_OFFLINE_HINTS } from '../../src/shared/worker-errors';
import { createMemoryLogger } from '../helpers/memory';

function pool(pythonDir: string): PythonPool {
  return new PythonPool({
    command: 'python3',
    pythonDir,
    size: 1,
    threadsPerWorker: 2,
    logger: createMemoryLogger().logger,
  });
}

describe('the worker protocol version', () => {
  it('is the same number in the app and in the Python package', () => {
    const init = readFileSync(join(__dirname, '../../python/valuerank_worker/__init__.py'), 'utf8');
    expect(Number(/^PROTOCOL_VERSION = (\d+)$/m.exec(init)?.[1])).toBe(PROTOCOL_VERSION);
  });

  it('refuses a worker that speaks another version, saying which and how to fix it, and stops it', async () => {
    const old = pool(join(__dirname, '../fixtures/old-worker'));
    try {
      await expect(old.start()).rejects.toMatchObject({ code: 'WORKER_UNAVAILABLE' });
      const status = old.status();
      expect(status).toMatchObject({ status: 'offline', reason: 'PROTOCOL_MISMATCH', processes: 0 });
      expect(status.message).toContain(`speaks protocol version 1; this app speaks version ${PROTOCOL_VERSION}`);
      expect(status.message).toContain(POOL_OFFLINE_HINTS.PROTOCOL_MISMATCH);
    } finally {
      await old.close();
    }
  });

  it('accepts the worker of this version', async () => {
    const current = pool(join(__dirname, '../../python'));
    try {
      await current.start();
      expect(current.status()).toMatchObject({ status: 'online', reason: null, processes: 1 });
    } finally {
      await current.close();
    }
  });
});
