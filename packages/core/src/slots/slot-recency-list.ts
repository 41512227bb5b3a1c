import { grown } from './slot-capacity.js';
import { NO_SLOT } from './slot-hash-index.js';

/**
 * A store's slots from least to most recently used, as a doubly linked list
 * through two `Int32Array`s: moving a slot to the end and finding the least
 * recently used one are constant-time, and nothing is on the JS heap.
 *
 * Not a `Map`'s insertion order: evicting from the front of a Map walks
 * past every entry deleted since its last rehash, tens of thousands once a
 * store is full.
 */
export class SlotRecencyList {
  /** The least recently used slot, {@link NO_SLOT} when empty. */
  oldest = NO_SLOT;
  /** The most recently used slot, {@link NO_SLOT} when empty. */
  newest = NO_SLOT;
  private older: Int32Array;
  private newer: Int32Array;

  constructor(slots = 64) {
    this.older = new Int32Array(slots);
    this.newer = new Int32Array(slots);
  }

  /** Makes room for `slots` slots. */
  grow(slots: number): void {
    if (slots <= this.older.length) return;
    this.older = grown(this.older, slots);
    this.newer = grown(this.newer, slots);
  }

  /** The slot used next after `slot`, {@link NO_SLOT} after the newest: to walk the list from {@link oldest}. */
  newerThan(slot: number): number {
    return this.newer[slot]!;
  }

  /** Appends `slot`, which is not in the list, as the most recently used. */
  append(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = NO_SLOT;
    if (this.newest === NO_SLOT) this.oldest = slot;
    else this.newer[this.newest] = slot;
    this.newest = slot;
  }

  /** Takes `slot`, which is in the list, out of it. */
  remove(slot: number): void {
    const older = this.older[slot]!;
    const newer = this.newer[slot]!;
    if (older === NO_SLOT) this.oldest = newer;
    else this.newer[older] = newer;
    if (newer === NO_SLOT) this.newest = older;
    else this.older[newer] = older;
  }

  /** Makes `slot`, which is in the list, the most recently used. */
  touch(slot: number): void {
    if (slot === this.newest) return;
    this.remove(slot);
    this.append(slot);
  }
}
