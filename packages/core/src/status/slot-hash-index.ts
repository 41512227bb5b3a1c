/** No slot: an empty place in the table, or a key not found. */
export const NO_SLOT = -1;

const INITIAL_PLACES = 128;
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
  /** A slot number per place, {@link NO_SLOT} where empty. */
  private table = new Int32Array(INITIAL_PLACES).fill(NO_SLOT);
  /** Each slot's hash, by slot number. */
  private hashes = new Int32Array(INITIAL_PLACES / 2);
  private mask = INITIAL_PLACES - 1;
  private count = 0;

  /** Slots indexed. */
  get size(): number {
    return this.count;
  }

  /** The slot holding the key whose hash is `hash`, or {@link NO_SLOT}. */
  find(hash: number, holdsKey: (slot: number) => boolean): number {
    for (let place = hash & this.mask; ; place = (place + 1) & this.mask) {
      const slot = this.table[place]!;
      if (slot === NO_SLOT) return NO_SLOT;
      if (this.hashes[slot] === hash && holdsKey(slot)) return slot;
    }
  }

  /** Indexes `slot` under `hash`; the slot must not be indexed already. */
  add(slot: number, hash: number): void {
    if (slot >= this.hashes.length) this.growHashes(slot + 1);
    if ((this.count + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    this.hashes[slot] = hash;
    this.table[this.emptyPlaceFor(hash)] = slot;
    this.count += 1;
  }

  /** Removes `slot`, which must be indexed. */
  delete(slot: number): void {
    const mask = this.mask;
    let hole = this.hashes[slot]! & mask;
    while (this.table[hole] !== slot) hole = (hole + 1) & mask;
    // Entries after the hole that probed past it move back, or a later lookup would stop at the hole.
    for (let place = (hole + 1) & mask; ; place = (place + 1) & mask) {
      const moved = this.table[place]!;
      if (moved === NO_SLOT) break;
      const home = this.hashes[moved]! & mask;
      if (((place - home) & mask) >= ((place - hole) & mask)) {
        this.table[hole] = moved;
        hole = place;
      }
    }
    this.table[hole] = NO_SLOT;
    this.count -= 1;
  }

  private emptyPlaceFor(hash: number): number {
    let place = hash & this.mask;
    while (this.table[place] !== NO_SLOT) place = (place + 1) & this.mask;
    return place;
  }

  private rehash(places: number): void {
    const previous = this.table;
    this.table = new Int32Array(places).fill(NO_SLOT);
    this.mask = places - 1;
    for (const slot of previous) if (slot !== NO_SLOT) this.table[this.emptyPlaceFor(this.hashes[slot]!)] = slot;
  }

  private growHashes(needed: number): void {
    const hashes = new Int32Array(Math.max(needed, this.hashes.length * 2));
    hashes.set(this.hashes);
    this.hashes = hashes;
  }
}
