import { Buffer } from 'node:buffer';
import { grown } from './slot-capacity.js';

/** A string field of a slot, or none. */
export type SlotString = string | undefined;

// Each field starts with one byte: 0 when undefined, else its length + 1.
const UNDEFINED_FIELD = 0;
const LONGEST_INLINE = 253;
// In place of the first field's header: the slot's strings are on the JS heap.
const OVERFLOWED = 255;
const LATIN1_END = 0x100;

/**
 * The strings of each slot of a store (a fixed number of fields a slot:
 * ids, recipients), kept as latin1 bytes in a fixed-width area per slot of
 * one `ArrayBuffer`, outside the JS heap: V8 neither traces them nor sizes
 * its heap growth by them, where a JS string per cell costs its header and
 * then about four times over in the headroom V8 leaves above what is live.
 *
 * A slot whose strings do not fit its area, or hold a character above
 * U+00FF, keeps them as given in a map on the JS heap instead (the overflow
 * path): correct for any string, compact for the short ASCII ids, numbers
 * and fingerprints a store mostly holds.
 */
export class SlotStringArena {
  private bytes: Uint8Array;
  /** The same bytes, to decode them natively. */
  private decoder: Buffer;
  private readonly overflow = new Map<number, readonly SlotString[]>();

  /**
   * @param fields strings a slot holds
   * @param bytesPerSlot the area of a slot: a byte per field plus a byte per character of what fits
   */
  constructor(
    private readonly fields: number,
    private readonly bytesPerSlot: number,
    slots = 64,
  ) {
    this.bytes = new Uint8Array(slots * bytesPerSlot);
    this.decoder = Buffer.from(this.bytes.buffer);
  }

  /** Slots the area has room for. */
  get capacity(): number {
    return this.bytes.length / this.bytesPerSlot;
  }

  /** Makes room for `slots` slots, keeping what is stored. */
  grow(slots: number): void {
    if (slots <= this.capacity) return;
    this.bytes = grown(this.bytes, slots * this.bytesPerSlot);
    this.decoder = Buffer.from(this.bytes.buffer);
  }

  /**
   * Stores `values` (one per field) in `slot`, replacing what it held. A
   * slot that overflows keeps `values` itself: the caller must not change it.
   */
  write(slot: number, values: readonly SlotString[]): void {
    if (this.overflow.size > 0) this.overflow.delete(slot);
    if (!this.writeInline(slot, values)) {
      this.bytes[slot * this.bytesPerSlot] = OVERFLOWED;
      this.overflow.set(slot, values);
    }
  }

  /** Field `field` of `slot`. */
  read(slot: number, field: number): SlotString {
    const start = this.fieldStart(slot, field);
    if (start < 0) return this.overflow.get(slot)![field];
    const header = this.bytes[start]!;
    if (header === UNDEFINED_FIELD) return undefined;
    return this.decoder.toString('latin1', start + 1, start + header);
  }

  /** Whether field `field` of `slot` is `value`, without making a string of it. */
  equals(slot: number, field: number, value: string): boolean {
    const start = this.fieldStart(slot, field);
    if (start < 0) return this.overflow.get(slot)![field] === value;
    if (this.bytes[start] !== value.length + 1) return false;
    for (let index = 0; index < value.length; index++) {
      if (this.bytes[start + 1 + index] !== value.charCodeAt(index)) return false;
    }
    return true;
  }

  /** Characters of `slot`'s strings held on the JS heap (0 when they fit its area). */
  overflowCharacters(slot: number): number {
    const values = this.bytes[slot * this.bytesPerSlot] === OVERFLOWED ? this.overflow.get(slot) : undefined;
    let characters = 0;
    for (const value of values ?? []) characters += value?.length ?? 0;
    return characters;
  }

  /** Lets go of `slot`'s strings on the JS heap, if any; its bytes are overwritten by the next write. */
  clear(slot: number): void {
    if (this.overflow.size > 0) this.overflow.delete(slot);
    this.bytes[slot * this.bytesPerSlot] = UNDEFINED_FIELD;
  }

  /** Writes `values` into `slot`'s area; false when they do not fit or are not latin1. */
  private writeInline(slot: number, values: readonly SlotString[]): boolean {
    const bytes = this.bytes;
    let at = slot * this.bytesPerSlot;
    const end = at + this.bytesPerSlot;
    for (let field = 0; field < this.fields; field++) {
      const value = values[field];
      if (value === undefined) {
        if (at >= end) return false;
        bytes[at++] = UNDEFINED_FIELD;
        continue;
      }
      const length = value.length;
      if (length > LONGEST_INLINE || at + 1 + length > end) return false;
      bytes[at++] = length + 1;
      for (let index = 0; index < length; index++) {
        const code = value.charCodeAt(index);
        if (code >= LATIN1_END) return false;
        bytes[at++] = code;
      }
    }
    return true;
  }

  /** Where field `field` of `slot` starts in {@link bytes}, or -1 when the slot overflowed. */
  private fieldStart(slot: number, field: number): number {
    let at = slot * this.bytesPerSlot;
    if (this.bytes[at] === OVERFLOWED) return -1;
    for (let skipped = 0; skipped < field; skipped++) {
      const header = this.bytes[at]!;
      at += header === UNDEFINED_FIELD ? 1 : header;
    }
    return at;
  }
}
