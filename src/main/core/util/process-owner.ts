/** Which process on which machine did something, and whether that process is gone (a crash left its work unfinished). */
import { hostname } from 'node:os';

/** This process, as "host:pid". */
export function thisProcess(): string {
  return `${hostname()}:${process.pid}`;
}

/** True when `owner` ("host:pid…") names a process on this machine that no longer runs. Another machine: unknown, false. */
export function localProcessGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname()) return false;
  const id = Number(pid);
  if (!Number.isInteger(id) || id <= 0) return true;
  if (id === process.pid) return false;
  return !processAlive(id);
}

/** Whether a process with this id runs now on this machine (one we may not signal still runs: EPERM). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
