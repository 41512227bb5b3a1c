import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { AbortFanout } from './abort-fanout.js';

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('AbortFanout', () => {
  it('puts one listener on a source however many controllers follow it, and none once all are unlinked', () => {
    const fanout = new AbortFanout();
    const source = new AbortController().signal;
    const warning = vi.fn();
    process.on('warning', warning);
    try {
      const unlinks = Array.from({ length: 50 }, () => fanout.link(source, new AbortController()));
      expect(abortListeners(source)).toBe(1);
      expect(fanout.sources).toBe(1);
      for (const unlink of unlinks.slice(1)) unlink();
      expect(abortListeners(source)).toBe(1);
      unlinks[0]!();
      expect(abortListeners(source)).toBe(0);
      expect(fanout.sources).toBe(0);
    } finally {
      process.off('warning', warning);
    }
    expect(warning).not.toHaveBeenCalled();
  });

  it('aborts every linked controller with the source reason, and leaves nothing behind', () => {
    const fanout = new AbortFanout();
    const source = new AbortController();
    const first = new AbortController();
    const second = new AbortController();
    const unlinkFirst = fanout.link(source.signal, first);
    fanout.link(source.signal, second);
    const reason = new Error('shutting down');
    source.abort(reason);
    expect(first.signal.reason).toBe(reason);
    expect(second.signal.reason).toBe(reason);
    expect(abortListeners(source.signal)).toBe(0);
    expect(fanout.sources).toBe(0);
    unlinkFirst();
    unlinkFirst();
    expect(fanout.sources).toBe(0);
  });

  it('aborts at once, adding nothing, when the source has already aborted', () => {
    const fanout = new AbortFanout();
    const source = AbortSignal.abort('already');
    const target = new AbortController();
    const unlink = fanout.link(source, target);
    expect(target.signal.reason).toBe('already');
    expect(abortListeners(source)).toBe(0);
    expect(fanout.sources).toBe(0);
    unlink();
  });

  it('no longer aborts an unlinked controller; the others still follow', () => {
    const fanout = new AbortFanout();
    const source = new AbortController();
    const unlinked = new AbortController();
    const linked = new AbortController();
    const unlink = fanout.link(source.signal, unlinked);
    fanout.link(source.signal, linked);
    unlink();
    unlink();
    source.abort('stop');
    expect(unlinked.signal.aborted).toBe(false);
    expect(linked.signal.reason).toBe('stop');
  });

  it('keeps separate sources apart, and links again after a source was released', () => {
    const fanout = new AbortFanout();
    const one = new AbortController();
    const two = new AbortController();
    const target = new AbortController();
    const unlinkOne = fanout.link(one.signal, target);
    const unlinkTwo = fanout.link(two.signal, target);
    expect(fanout.sources).toBe(2);
    unlinkOne();
    const relinked = fanout.link(one.signal, target);
    expect(abortListeners(one.signal)).toBe(1);
    two.abort('two');
    expect(target.signal.reason).toBe('two');
    relinked();
    unlinkTwo();
    expect(abortListeners(one.signal)).toBe(0);
    expect(fanout.sources).toBe(0);
  });
});
