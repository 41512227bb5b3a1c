import { describe, expect, it } from 'vitest';
import { findLink, findPhoneNumber, hasRm0Prefix } from './promotional-content.js';

describe('promotional content checks', () => {
  it('finds links by scheme, www. or a common top-level domain, and nothing in plain text', () => {
    expect(findLink('Sale at https://shop.example.com/x now')).toBe('https://shop.example.com/x');
    expect(findLink('See bit.ly/abc')).toBe('bit.ly/abc');
    expect(findLink('Visit www.example')).toBe('www.example');
    expect(findLink('shop.example.com.my')).toBe('shop.example.com.my');
    expect(findLink('e.g. 3.5% off, RM0.00 Jan.sale')).toBeUndefined();
  });

  it('finds Malaysian phone numbers, not dates or prices', () => {
    expect(findPhoneNumber('Call 012-345 6789 now')).toBe('012-345 6789');
    expect(findPhoneNumber('WhatsApp +60123456789')).toBe('+60123456789');
    expect(findPhoneNumber('Hotline 1-300-88-1234')).toBe('1-300-88-1234');
    expect(findPhoneNumber('Ends 01-01-2025, RM10 only')).toBeUndefined();
  });

  it('recognises the RM0 marker in its usual forms', () => {
    for (const text of ['RM0 Sale', 'rm0.00 Sale', 'RM 0 Sale', 'RM0: Sale']) expect(hasRm0Prefix(text)).toBe(true);
    for (const text of ['RM10 Sale', 'Sale RM0', 'RM05 off']) expect(hasRm0Prefix(text)).toBe(false);
  });

  it('stays linear on long texts without spaces (no backtracking blow-up)', () => {
    const text = 'a.'.repeat(50_000);
    expect(findLink(text)).toBeUndefined();
    expect(findPhoneNumber('0-1'.repeat(20_000))).toBeUndefined();
  });
});
