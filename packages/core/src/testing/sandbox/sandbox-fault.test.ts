import { describe, expect, it } from 'vitest';
import { normaliseSandboxFault, type SandboxFaultInput, sandboxFaultName } from './sandbox-fault.js';

const anyCode = () => true;

describe('normaliseSandboxFault', () => {
  it.each<[SandboxFaultInput, unknown]>([
    ['refuse', { type: 'refuse' }],
    [{ type: 'refuse' }, { type: 'refuse' }],
    ['resetBeforeRead', { type: 'resetBeforeRead' }],
    ['reset', { type: 'reset' }],
    ['hang', { type: 'hang' }],
    ['drop', { type: 'drop' }],
    [
      { type: 'drop', times: 1 },
      { type: 'drop', times: 1 },
    ],
    ['html502', { type: 'htmlStatus', status: 502 }],
    [{ type: 'html503' }, { type: 'htmlStatus', status: 503 }],
    [
      { htmlStatus: 504, times: 2 },
      { type: 'htmlStatus', status: 504, times: 2 },
    ],
    ['html200', { type: 'htmlStatus', status: 200 }],
    [{ slow: 500 }, { type: 'slow', ms: 500 }],
    [{ slowBody: 5 }, { type: 'slowBody', ms: 5 }],
    [{ vendorCode: -1004 }, { type: 'vendorCode', code: '-1004' }],
    [
      { type: 'vendorCode', code: 1703 },
      { type: 'vendorCode', code: '1703' },
    ],
    [
      { answer: 'x', status: 503 },
      { type: 'answer', body: 'x', status: 503 },
    ],
    [
      { type: 'answer', body: '' },
      { type: 'answer', body: '' },
    ],
    ['resetOnConnect', { type: 'resetOnConnect' }],
    ['truncate', { type: 'truncate' }],
    [
      { type: 'shortBody', times: 1 },
      { type: 'shortBody', times: 1 },
    ],
    ['badStatusLine', { type: 'badStatusLine' }],
    [{ contentType: 'text/html' }, { type: 'contentType', contentType: 'text/html' }],
    [
      { answer: 'x', contentType: 'text/html' },
      { type: 'answer', body: 'x', contentType: 'text/html' },
    ],
    [{ oversized: 2_000_000 }, { type: 'oversized', bytes: 2_000_000 }],
  ])('reads %j', (input, expected) => {
    expect(normaliseSandboxFault(input, anyCode)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['an unknown name', 'explode'],
    ['an unknown type', { type: 'explode' }],
    ['a negative delay', { slow: -1 }],
    ['a delay over the bound', { slowBody: 120_001 }],
    ['a fractional delay', { slow: 1.5 }],
    ['times on refuse', { type: 'refuse', times: 1 }],
    ['zero times', { type: 'hang', times: 0 }],
    ['a status that is not HTTP', { htmlStatus: 99 }],
    ['an answer without a body', { type: 'answer' }],
    ['an oversized answer of no bytes', { oversized: 0 }],
    ['an oversized answer over the bound', { oversized: 64 * 1024 * 1024 + 1 }],
    ['a content type with a line break', { contentType: 'text/html\r\nx: y' }],
    ['not an object', 42],
    ['null', null],
  ])('refuses %s with INVALID_CONFIG', (_, input) => {
    expect(() => normaliseSandboxFault(input as SandboxFaultInput, anyCode)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });

  it('checks vendor codes with the vendor check, and refuses them without one', () => {
    const check = (code: string) => /^17\d\d$/.test(code);
    expect(normaliseSandboxFault({ vendorCode: '1704' }, check)).toEqual({ type: 'vendorCode', code: '1704' });
    expect(() => normaliseSandboxFault({ vendorCode: '-1004' }, check)).toThrow(/not one this vendor uses/);
    expect(() => normaliseSandboxFault({ vendorCode: '1704' })).toThrow(/no vendor codes/);
  });
});

describe('sandboxFaultName', () => {
  it('names htmlStatus by its status and the rest by type', () => {
    expect(sandboxFaultName({ type: 'htmlStatus', status: 502 })).toBe('html502');
    expect(sandboxFaultName({ type: 'drop' })).toBe('drop');
  });
});
