/** System Health's list of contacted hosts: built from the worker's connection announcements, nothing else. */
import { describe, expect, it } from 'vitest';
import { ContactLog } from '../../src/main/core/python/contacts';

describe('ContactLog', () => {
  it('counts connections per scheme, host and port, the most recent first, and ignores anything else', () => {
    const log = new ContactLog();
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    expect(log.offer({ type: 'contact', host: 'api.openai.com', port: 443, scheme: 'https' }, at(1))).toBe(true);
    expect(log.offer({ type: 'contact', host: '127.0.0.1', port: 11434, scheme: 'http' }, at(2))).toBe(true);
    expect(log.offer({ type: 'contact', host: 'api.openai.com', port: 443, scheme: 'https' }, at(3))).toBe(true);
    // Not announcements: a response, a log line, a port out of range, an unknown scheme, no host.
    for (const other of [
      { type: 'response', id: '1', ok: true, result: {} },
      { msg: 'connect', host: 'x', port: 1, scheme: 'http' },
      { type: 'contact', host: 'x', port: 70_000, scheme: 'http' },
      { type: 'contact', host: 'x', port: 1, scheme: 'ftp' },
      { type: 'contact', host: '', port: 1, scheme: 'http' },
      null,
      'contact',
    ])
      expect(log.offer(other)).toBe(false);
    expect(log.list()).toEqual([
      {
        host: 'api.openai.com',
        port: 443,
        scheme: 'https',
        connections: 2,
        firstAt: at(1).toISOString(),
        lastAt: at(3).toISOString(),
      },
      {
        host: '127.0.0.1',
        port: 11434,
        scheme: 'http',
        connections: 1,
        firstAt: at(2).toISOString(),
        lastAt: at(2).toISOString(),
      },
    ]);
    // The list is a copy: changing it changes nothing kept.
    log.list()[0]!.connections = 99;
    expect(log.list()[0]!.connections).toBe(2);
  });
});
