/**
 * `npm run web`: browser mode. Starts the core and the loopback server and prints the one URL to open. The token and
 * port persist in the data folder (so tabs and bookmarks survive a restart) until `--new-token`.
 */
import { join } from 'node:path';
import { installProcessGuards } from '../front-door/process-guards';
import { Interrupts } from '../front-door/signals';
import { switchableCore } from '../front-door/switchable-core';
import { createCore, createLogger, projectRoot, startupDataDir } from '../core';
import { startWebServer, type WebServer } from './server';
import { loadBrowserSession, saveBrowserSession } from './session';

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<void> {
  installProcessGuards(process, {
    err: (line) => process.stderr.write(`${line}\n`),
    exit: (code) => process.exit(code),
    name: 'valuerank web',
  });
  const args = process.argv.slice(2);
  const dataDir = flag(args, '--data-dir') ?? startupDataDir();
  const portText = flag(args, '--port') ?? process.env.VALUERANK_PORT;
  const port = portText === undefined ? null : Number(portText);
  if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new Error(`--port must be 0-65535, got ${portText}`);
  // "Move data folder…" switches this server to the new folder in-process (front-door/switchable-core.ts).
  const core = switchableCore({
    first: await createCore({ dataDir }),
    dataDir,
    open: (folder) => createCore({ dataDir: folder }),
    logger: createLogger(),
  });
  const session = loadBrowserSession(dataDir, args.includes('--new-token'));
  const rendererDir = join(projectRoot(), 'out', 'renderer');
  const start = (at: number): Promise<WebServer> =>
    startWebServer({ core, dataDir: () => core.dataDir(), rendererDir, port: at, token: session.token });
  // The last start's port first, so open tabs and bookmarks keep working; any free port if it is taken now.
  const server = await start(port ?? session.port ?? 0).catch((error: unknown) => {
    if (port !== null || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return start(0);
  });
  saveBrowserSession(core.dataDir(), { token: session.token, port: Number(new URL(server.origin).port) });
  process.stdout.write(`Open ${server.url}\n`);
  process.stderr.write(
    `Data directory: ${dataDir}\nThis address stays valid across restarts; start with --new-token to revoke it.\n` +
      `A browser that cannot open *.localhost addresses can use ${server.origin}/?token=${server.token} ` +
      `(no session cookie there: each new tab needs this address).\n`,
  );
  // First Ctrl-C: no new jobs, requests in flight get 10 s; a second one stops at once. Leases are handed back.
  const interrupts = new Interrupts(process, {
    err: (line) => process.stderr.write(`${line}\n`),
    exitNow: (code) => process.exit(code),
  });
  interrupts.arm();
  const shutdown = async (): Promise<void> => {
    await server.close();
    await core.close({ graceMs: interrupts.graceMs, cutShort: interrupts.immediate });
    process.exit(0);
  };
  let stopping: Promise<void> | null = null;
  const onSignal = (): void => void (stopping ??= shutdown());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
  process.stderr.write(`valuerank web: ${(error as Error).message}\n`);
  process.exit(1);
});
