/** What a fanout aborts: an `AbortController`, or anything else with an `abort(reason)`. */
export interface AbortTarget {
  abort(reason?: unknown): void;
}

interface Fanout {
  readonly targets: Set<AbortTarget>;
  readonly onAbort: () => void;
}

function noop(): void {}

/**
 * Aborts short-lived controllers (one send, one provider call) when a
 * longer-lived signal they follow aborts (the messenger's lifetime, the
 * caller's signal, a send's signal), and leaves nothing on that signal once
 * they are unlinked.
 *
 * A source signal carries one `abort` listener while at least one controller
 * is linked to it, however many are, and none after the last is unlinked.
 * `AbortSignal.any([source, ...])` is not used for this: in Node 20 every
 * call adds a weak reference to the source's set of dependent signals that
 * is never removed, so a long-lived source grew with every send, and
 * `close()` freed none of it.
 */
export class AbortFanout {
  readonly #fanouts = new Map<AbortSignal, Fanout>();

  /**
   * Aborts `target` with `source`'s reason when `source` aborts (at once when
   * it already has), until the returned function is called. Unlinking twice
   * is harmless.
   */
  link(source: AbortSignal, target: AbortTarget): () => void {
    if (source.aborted) {
      target.abort(source.reason);
      return noop;
    }
    let fanout = this.#fanouts.get(source);
    if (fanout === undefined) {
      const targets = new Set<AbortTarget>();
      const onAbort = () => {
        this.#fanouts.delete(source);
        for (const linked of targets) linked.abort(source.reason);
        targets.clear();
      };
      fanout = { targets, onAbort };
      this.#fanouts.set(source, fanout);
      source.addEventListener('abort', onAbort, { once: true });
    }
    const linked = fanout;
    linked.targets.add(target);
    return () => {
      if (!linked.targets.delete(target) || linked.targets.size > 0) return;
      if (this.#fanouts.get(source) === linked) this.#fanouts.delete(source);
      source.removeEventListener('abort', linked.onAbort);
    };
  }

  /** Source signals that have a listener now (for tests). */
  get sources(): number {
    return this.#fanouts.size;
  }
}
