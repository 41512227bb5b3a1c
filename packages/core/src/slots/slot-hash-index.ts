import { randomBytes } from 'node:crypto';
import { grown } from './slot-capacity.js';

/** No slot: a key not found, the end of a list. */
export const NO_SLOT = -1;
/** In the table: an empty place. Places hold a slot number plus one. */
const EMPTY = 0;

const MIN_PLACES = 64;
// FNV-1a, then murmur3's finaliser so that the low bits, which pick the place, depend on every character.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A 32-bit hash of `value`'s UTF-16 code units, mixed with `seed` (another part of the key, as a number). */
export function hashString(value: string, seed = 0): number {
  let hash = FNV_OFFSET ^ seed;
  for (let index = 0; index < value.length; index++) hash = Math.imul(hash ^ value.charCodeAt(index), FNV_PRIME);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/**
 * A hash index from keys to slot numbers (the rows of a store's columns),
 * kept in two `Int32Array`s: no object per entry, and nothing V8's
 * collector has to trace or lets grow with its heap.
 *
 * Open addressing with linear probing over a power-of-two table at most
 * half full, plus each slot's hash. The keys stay wherever the owner keeps
 * them: a lookup hands in the key's hash and a test of whether a slot holds
 * that key, called only for slots whose hash matches. Deleting shifts the
 * entries probed after it back into the hole instead of leaving a
 * tombstone, so a store that evicts and inserts forever never slows down.
 */
export class SlotHashIndex {
  /**
   * Mixed into every hash, drawn at random for each index: keys made to
   * collide (idempotency keys an attacker chooses, say) cannot be worked
   * out in advance, so no one can turn lookups into long probes.
   */
  private readonly seed = randomBytes(4).readInt32LE(0);
  /**
   * A slot number plus one per place, {@link EMPTY} where empty: a new
   * table is all zeros, and the pages of a large one only become resident
   * as entries land on them.
   */
  private table: Int32Array;
  /** Each slot's hash, by slot number. */
  private hashes: Int32Array;
  private mask: number;
  private count = 0;

  /** @param slots the slots to make room for up front (more can be added) */
  constructor(slots = MIN_PLACES / 2) {
    let places = MIN_PLACES;
    while (places < slots * 2) places *= 2;
    this.table = new Int32Array(places);
    this.hashes = new Int32Array(slots);
    this.mask = places - 1;
  }

  /** The hash this index files `key` under; `extra` is another part of the key, as a number. */
  hash(key: string, extra = 0): number {
    return hashString(key, this.seed ^ Math.imul(extra, 0x9e3779b1));
  }

  /** Slots indexed. */
  get size(): number {
    return this.count;
  }

  /** The slot holding the key whose hash is `hash`, or {@link NO_SLOT}. */
  find(hash: number, holdsKey: (slot: number) => boolean): number {
    for (let place = hash & this.mask; ; place = (place + 1) & this.mask) {
      const entry = this.table[place]!;
      if (entry === EMPTY) return NO_SLOT;
      const slot = entry - 1;
      if (this.hashes[slot] === hash && holdsKey(slot)) return slot;
    }
  }

  /** Indexes `slot` under `hash`; the slot must not be indexed already. */
  add(slot: number, hash: number): void {
    if (slot >= this.hashes.length) this.growHashes(slot + 1);
    if ((this.count + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    this.hashes[slot] = hash;
    this.table[this.emptyPlaceFor(hash)] = slot + 1;
    this.count += 1;
  }

  /** Removes `slot`, which must be indexed. */
  delete(slot: number): void {
    const mask = this.mask;
    let hole = this.hashes[slot]! & mask;
    while (this.table[hole] !== slot + 1) hole = (hole + 1) & mask;
    // Entries after the hole that probed past it move back, or a later lookup would stop at the hole.
    for (let place = (hole + 1) & mask; ; place = (place + 1) & mask) {
      const moved = this.table[place]!;
      if (moved === EMPTY) break;
      const home = this.hashes[moved - 1]! & mask;
      if (((place - home) & mask) >= ((place - hole) & mask)) {
        this.table[hole] = moved;
        hole = place;
      }
    }
    this.table[hole] = EMPTY;
    this.count -= 1;
  }

  private emptyPlaceFor(hash: number): number {
    let place = hash & this.mask;
    while (this.table[place] !== EMPTY) place = (place + 1) & this.mask;
    return place;
  }

  private rehash(places: number): void {
    const previous = this.table;
    this.table = new Int32Array(places);
    this.mask = places - 1;
    for (const entry of previous) if (entry !== EMPTY) this.table[this.emptyPlaceFor(this.hashes[entry - 1]!)] = entry;
  }

  private growHashes(needed: number): void {
    this.hashes = grown(this.hashes, Math.max(needed, this.hashes.length * 2));
  }
}
