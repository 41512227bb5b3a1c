import { describe, expect, it } from 'vitest';
import { SandboxRecords } from './sandbox-records.js';

describe('SandboxRecords', () => {
  it('keeps the newest records, oldest first, and counts every one added', () => {
    const records = new SandboxRecords<number>(3);
    expect(records.add(1, 2)).toBe(2);
    records.add(3);
    records.add(4, 5);
    expect(records.items).toEqual([3, 4, 5]);
    expect(records.total).toBe(5);
  });

  it('refuses a bound below one', () => {
    expect(() => new SandboxRecords(0)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
