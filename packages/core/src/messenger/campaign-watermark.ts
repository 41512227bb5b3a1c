/**
 * The highest index below which every index has settled, when indices
 * settle in any order. Holds only the indices settled above the watermark,
 * so its memory is bounded by how far out of order they settle (a
 * campaign's window), never by the campaign's length.
 */
export class CampaignWatermark {
  private readonly ahead = new Set<number>();
  private settledUpTo: number;

  /** `start`: the first index that is not settled yet. */
  constructor(start: number) {
    this.settledUpTo = start - 1;
  }

  /** Highest index such that every index up to it has settled; `start - 1` when none has. */
  get last(): number {
    return this.settledUpTo;
  }

  settle(index: number): void {
    if (index <= this.settledUpTo) return;
    if (index !== this.settledUpTo + 1) {
      this.ahead.add(index);
      return;
    }
    this.settledUpTo = index;
    // Bounded by the set's size: each index is removed once.
    while (this.ahead.delete(this.settledUpTo + 1)) this.settledUpTo += 1;
  }
}
