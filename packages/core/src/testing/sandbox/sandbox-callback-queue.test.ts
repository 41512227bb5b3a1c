import { describe, expect, it } from 'vitest';
import { SANDBOX_CALLBACK_LIMITS, SandboxCallbackQueue, SandboxCallbackRejected } from './sandbox-callback-queue.js';

function deferred() {
  let resolve!: (value: number) => void;
  const promise = new Promise<number>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('SandboxCallbackQueue', () => {
  it('defaults to 4 pushes at once and 10 000 waiting', () => {
    expect(SANDBOX_CALLBACK_LIMITS).toEqual({ concurrency: 4, maxQueued: 10_000 });
  });

  it('runs at most `concurrency` pushes at once, in order, and settles each with its outcome', async () => {
    const queue = new SandboxCallbackQueue({ concurrency: 2, maxQueued: 10 });
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const results = gates.map((gate, index) =>
      queue.push(async () => {
        started.push(index);
        running += 1;
        most = Math.max(most, running);
        const value = await gate.promise;
        running -= 1;
        return value;
      }),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(queue.queued).toBe(3);
    for (const [index, gate] of gates.entries()) gate.resolve(200 + index);
    expect(await Promise.all(results)).toEqual([200, 201, 202, 203, 204]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    await queue.idle();
    expect(queue.running).toBe(0);
  });

  it('drops and counts pushes beyond the queue, rejecting them', async () => {
    const queue = new SandboxCallbackQueue({ concurrency: 1, maxQueued: 2 });
    const gate = deferred();
    const accepted = [queue.push(() => gate.promise), queue.push(() => gate.promise), queue.push(() => gate.promise)];
    const dropped = queue.push(() => gate.promise);
    await expect(dropped).rejects.toThrow(/dropped/);
    await expect(dropped).rejects.toMatchObject({ reason: 'dropped' });
    await expect(queue.push(() => gate.promise)).rejects.toBeInstanceOf(SandboxCallbackRejected);
    expect(queue.dropped).toBe(2);
    gate.resolve(200);
    expect(await Promise.all(accepted)).toEqual([200, 200, 200]);
    expect(queue.dropped).toBe(2);
  });

  it('a failing push rejects its promise and frees its slot', async () => {
    const queue = new SandboxCallbackQueue({ concurrency: 1, maxQueued: 5 });
    const failing = queue.push(() => Promise.reject(new Error('refused')));
    const next = queue.push(() => Promise.resolve(204));
    await expect(failing).rejects.toThrow('refused');
    expect(await next).toBe(204);
  });

  it('tries a failed push again, at most `retries` times', async () => {
    const queue = new SandboxCallbackQueue({ concurrency: 1, maxQueued: 5, retries: 2 });
    const tries: number[] = [];
    const failing = queue.push(async (attempt) => {
      tries.push(attempt);
      throw new Error(`refused ${attempt}`);
    });
    await expect(failing).rejects.toThrow('refused 3');
    expect(tries).toEqual([1, 2, 3]);
    let calls = 0;
    const flaky = queue.push(async () => {
      calls += 1;
      if (calls === 1) throw new Error('refused');
      return 200;
    });
    expect(await flaky).toBe(200);
    expect(calls).toBe(2);
  });

  it('tries again while retryWhen refuses the result, then settles with the last one', async () => {
    const queue = new SandboxCallbackQueue({ concurrency: 1, maxQueued: 5, retries: 3 });
    const statuses = [503, 500, 200, 200];
    const seen: number[] = [];
    const result = await queue.push(
      async (attempt) => {
        const status = statuses[attempt - 1]!;
        seen.push(status);
        return status;
      },
      { retryWhen: (status) => status >= 500 },
    );
    expect(result).toBe(200);
    expect(seen).toEqual([503, 500, 200]);
    const always = await queue.push(async () => 500, { retryWhen: () => true });
    expect(always).toBe(500);
  });

  it('refuses bad limits', () => {
    expect(() => new SandboxCallbackQueue({ concurrency: 0, maxQueued: 1 })).toThrow(RangeError);
    expect(() => new SandboxCallbackQueue({ concurrency: 1, maxQueued: -1 })).toThrow(RangeError);
    expect(() => new SandboxCallbackQueue({ concurrency: 1, maxQueued: 1, retries: 11 })).toThrow(RangeError);
  });

  it('stop() rejects queued pushes, waits for the running ones, and refuses new ones', async () => {
    const queue = new SandboxCallbackQueue({ concurrency: 1, maxQueued: 5 });
    const gate = deferred();
    const running = queue.push(() => gate.promise);
    const queued = queue.push(() => Promise.resolve(200));
    await Promise.resolve();
    const stopped = queue.stop();
    await expect(queued).rejects.toThrow('sandbox stopped');
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(done).toBe(false);
    gate.resolve(200);
    await stopped;
    expect(await running).toBe(200);
    await expect(queue.push(() => Promise.resolve(1))).rejects.toMatchObject({ reason: 'stopped' });
    expect(queue.queued).toBe(0);
    expect(queue.running).toBe(0);
  });

  it('stop() ends a retry wait at once', async () => {
    const queue = new SandboxCallbackQueue({ concurrency: 1, maxQueued: 5, retries: 5, retryDelayMs: 60_000 });
    let tries = 0;
    const failing = queue.push(async () => {
      tries += 1;
      throw new Error('refused');
    });
    for (let round = 0; round < 100 && tries === 0; round++) await Promise.resolve();
    await queue.stop();
    await expect(failing).rejects.toThrow('refused');
    expect(tries).toBe(1);
  });
});
