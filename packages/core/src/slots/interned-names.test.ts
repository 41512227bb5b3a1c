import { describe, expect, it } from 'vitest';
import { InternedNames } from './interned-names.js';

describe('InternedNames', () => {
  it('gives a name one code while records hold it, and forgets it with the last', () => {
    const names = new InternedNames();
    const isms = names.acquire('isms');
    expect(names.acquire('isms')).toBe(isms);
    const other = names.acquire('smscom');
    expect(other).not.toBe(isms);
    expect(names.nameOf(isms)).toBe('isms');
    names.release(isms);
    expect(names.codeOf('isms')).toBe(isms);
    names.release(isms);
    expect(names.codeOf('isms')).toBeUndefined();
    expect([...names.entries()]).toEqual([['smscom', other]]);
    // The freed code is reused.
    expect(names.acquire('ezsms')).toBe(isms);
  });
});
