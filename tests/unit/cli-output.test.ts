/** The CLI's output after its reader went away: nothing written again, one quiet stop, the guard never loops. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createCliOutput, isClosedStreamError } from '../../src/main/cli/output';
import { installProcessGuards } from '../../src/main/front-door/process-guards';
import { Interrupts } from '../../src/main/front-door/signals';

class FakeStream extends EventEmitter {
  written: string[] = [];
  broken = false;
  write(chunk: string): boolean {
    if (this.broken) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    this.written.push(chunk);
    return true;
  }
}

const epipe = (): Error => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });

describe('CLI output', () => {
  it('writes lines until either stream fails, then nothing, and says so once', () => {
    const stdout = new FakeStream();
    const stderr = new FakeStream();
    let stops = 0;
    const output = createCliOutput({ stdout, stderr }, () => (stops += 1));
    output.out('a');
    output.err('b');
    stdout.emit('error', epipe());
    stderr.emit('error', epipe());
    output.out('c');
    output.err('d');
    expect(stdout.written).toEqual(['a\n']);
    expect(stderr.written).toEqual(['b\n']);
    expect(output.closed).toBe(true);
    expect(stops).toBe(1);
  });

  it('treats a write that throws as a closed stream', () => {
    const stdout = new FakeStream();
    stdout.broken = true;
    let stops = 0;
    const output = createCliOutput({ stdout, stderr: new FakeStream() }, () => (stops += 1));
    output.out('x');
    output.out('y');
    expect(stops).toBe(1);
    expect(output.closed).toBe(true);
  });

  it('recognises the errors of a reader that went away', () => {
    expect(isClosedStreamError(epipe())).toBe(true);
    expect(isClosedStreamError(Object.assign(new Error('x'), { code: 'ERR_STREAM_DESTROYED' }))).toBe(true);
    expect(isClosedStreamError(new Error('other'))).toBe(false);
    expect(isClosedStreamError(null)).toBe(false);
  });
});

describe('the process guard and a closed stream', () => {
  it('stops quietly on EPIPE, and reports one other uncaught exception only once', () => {
    const target = new EventEmitter();
    const lines: string[] = [];
    const exits: number[] = [];
    let stops = 0;
    installProcessGuards(target as unknown as Parameters<typeof installProcessGuards>[0], {
      err: (line) => lines.push(line),
      exit: (code) => exits.push(code),
      name: 'cli',
      streamClosed: () => (stops += 1),
      isClosedStreamError,
    });
    target.emit('uncaughtException', epipe());
    expect(stops).toBe(1);
    expect(lines).toEqual([]);
    target.emit('uncaughtException', new Error('boom'));
    target.emit('uncaughtException', new Error('again'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/uncaught exception, stopping: Error: boom/);
    expect(exits).toEqual([1]);
  });
});

describe('Interrupts.streamClosed', () => {
  const source = { on: () => undefined, off: () => undefined };

  it('leaves at once with 141 when nothing executes here', () => {
    const codes: number[] = [];
    const interrupts = new Interrupts(source, { err: () => undefined, exitNow: (code) => codes.push(code) });
    interrupts.streamClosed();
    expect(codes).toEqual([141]);
    expect(interrupts.requested).toBeNull();
  });

  it('stops at once without a word while jobs execute here', async () => {
    const lines: string[] = [];
    const interrupts = new Interrupts(source, { err: (l) => lines.push(l), exitNow: () => undefined });
    interrupts.arm();
    interrupts.streamClosed();
    expect(interrupts.requested).toBe('SIGPIPE');
    await interrupts.immediate;
    expect(lines).toEqual([]);
  });
});
