/** `npm run web`: browser mode. Starts the core and the loopback server and prints the one URL to open. */
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { defaultDataDir, projectRoot } from '../core/paths';
import { startWebServer } from './server';

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataDir = flag(args, '--data-dir') ?? defaultDataDir();
  const port = Number(flag(args, '--port') ?? process.env.VALUERANK_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${flag(args, '--port')}`);
  const core = await createCore({ dataDir });
  const server = await startWebServer({ core, dataDir, rendererDir: join(projectRoot(), 'out', 'renderer'), port });
  process.stdout.write(`Open ${server.url}\n`);
  process.stderr.write(`Data directory: ${dataDir}\n`);
  const shutdown = (): void => {
    void server
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`valuerank web: ${(error as Error).message}\n`);
  process.exit(1);
});
