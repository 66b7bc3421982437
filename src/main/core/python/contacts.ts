/**
 * The hosts this app's processes have connected to since it started: every provider request, health check, model
 * listing and batch transfer runs in a Python worker, which announces each connection before opening it, on its protocol
 * channel in order with its answers (`{"type":"contact","host":…,"port":…,"scheme":…}`); the pool hands those here. System Health lists them, so a
 * researcher can see that nothing but the chosen providers was contacted.
 */
import { z } from 'zod';
import type { ContactedHost } from '../../../shared/providers';

const connectLine = z.object({
  type: z.literal('contact'),
  host: z.string().min(1).max(255),
  port: z.number().int().min(0).max(65_535),
  scheme: z.enum(['http', 'https']),
});

export class ContactLog {
  private readonly hosts = new Map<string, ContactedHost>();

  /** Records a worker message if it announces a connection; anything else is ignored. True when it was one. */
  offer(line: unknown, now: Date = new Date()): boolean {
    const parsed = connectLine.safeParse(line);
    if (!parsed.success) return false;
    const { host, port, scheme } = parsed.data;
    const key = `${scheme}://${host}:${port}`;
    const at = now.toISOString();
    const seen = this.hosts.get(key);
    if (seen) {
      seen.connections += 1;
      seen.lastAt = at;
    } else this.hosts.set(key, { host, port, scheme, connections: 1, firstAt: at, lastAt: at });
    return true;
  }

  /** Every host contacted, the most recent first. */
  list(): ContactedHost[] {
    return [...this.hosts.values()].map((h) => ({ ...h })).sort((a, b) => b.lastAt.localeCompare(a.lastAt));
  }
}
