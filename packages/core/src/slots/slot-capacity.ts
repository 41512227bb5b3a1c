/**
 * Slots reserved up front at most: 131 072, room for the default 100 000
 * records of each store. A store with a larger bound grows past it by
 * doubling.
 */
const MOST_SLOTS_RESERVED = 1 << 17;

/**
 * The slots a store keeping at most `maxEntries` records makes room for
 * when it is created. A record is written before the eviction that makes
 * room for it: one slot more than `maxEntries`.
 *
 * Reserving them all costs address space, not memory: the typed arrays of
 * the columns start zero-filled, and the pages nothing has written to yet
 * are not resident. Growing by doubling instead would copy every column
 * at each step, and the allocator keeps much of what the smaller copies
 * freed (~10 MiB at 100 000 records).
 */
export function reservedSlots(maxEntries: number): number {
  const wanted = Math.floor(maxEntries) + 1;
  return wanted >= 1 ? Math.min(wanted, MOST_SLOTS_RESERVED) : 1;
}

/** A copy of `column` with room for `length` cells, what it held kept. */
export function grown<Column extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(
  column: Column,
  length: number,
): Column {
  const copy = new (column.constructor as new (length: number) => Column)(length);
  copy.set(column);
  return copy;
}

/** How many slots a store that has `capacity` and needs `needed` grows to. */
export function grownCapacity(capacity: number, needed: number, maxEntries: number): number {
  return Math.max(needed, Math.min(capacity * 2, maxEntries + 1));
}
