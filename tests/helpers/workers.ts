/** Crash tests kill a Python worker from outside, as a crash or the OOM killer would: the pool is not asked. */
export function killOneWorker(pids: readonly number[]): number | undefined {
  const victim = pids[0];
  if (victim !== undefined) process.kill(victim, 'SIGKILL');
  return victim;
}
