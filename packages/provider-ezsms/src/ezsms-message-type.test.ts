import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEzsmsWireMessage } from './ezsms-message-type.js';
import { decodeSandboxMessage } from './sandbox/sandbox-pages.js';

describe('toEzsmsWireMessage', () => {
  it.each([
    [{ to: 'x', text: 'Hello' }, 1, 'Hello'],
    [{ to: 'x', text: 'Hello', flash: true }, 2, 'Hello'],
    [{ to: 'x', text: 'ABC', encoding: 'ucs2' as const }, 3, '004100420043'],
    [{ to: 'x', text: 'ABC', encoding: 'ucs2' as const, flash: true }, 4, '004100420043'],
    [{ to: 'x', text: '😀' }, 3, 'D83DDE00'],
    [{ to: 'x', text: 'Harga RM5 — 你好' }, 3, '0048006100720067006100200052004D00350020201400204F60597D'],
    [{ to: 'x', text: '€ [x] ~' }, 1, '€ [x] ~'],
    [{ to: 'x', binary: { hex: 'cafe', udh: '050003010201' } }, 5, '050003010201CAFE'],
    [{ to: 'x', binary: { hex: '0a0b0c' } }, 6, '0A0B0C'],
  ])('writes %j as type %i', (message, type, body) => {
    expect(toEzsmsWireMessage(message)).toEqual({ type, message: body });
  });

  it('refuses GSM-7 forced on text it cannot carry', () => {
    expect(() => toEzsmsWireMessage({ to: 'x', text: '你好', encoding: 'gsm7' })).toThrow(
      expect.objectContaining({ code: 'INVALID_MESSAGE' }),
    );
  });

  it('refuses a flash binary message', () => {
    expect(() => toEzsmsWireMessage({ to: 'x', binary: { hex: '00' }, flash: true })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED' }),
    );
  });

  it('never uses little-endian UTF-16', () => {
    expect(toEzsmsWireMessage({ to: 'x', text: 'A', encoding: 'ucs2' }).message).toBe('0041');
  });
});

describe('Unicode hex round trip: provider encoding, sandbox decoding', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
    fc.string({
      unit: fc.constantFrom('😀', '👍🏽', '🇲🇾', '你', 'ع', 'é', 'a', ' ', '\n'),
      minLength: 1,
      maxLength: 100,
    }),
  );

  it('gives back any text, emoji included (types 3 and 4)', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, flash) => {
        const wire = toEzsmsWireMessage({ to: 'x', text, encoding: 'ucs2', flash });
        expect(wire.type).toBe(flash ? 4 : 3);
        expect(wire.message).toMatch(/^(?:[0-9A-F]{4})+$/);
        expect(wire.message.length).toBe(text.length * 4);
        expect(decodeSandboxMessage(wire.type, wire.message)?.text).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives back any text under auto encoding, whichever type it picks', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const wire = toEzsmsWireMessage({ to: 'x', text });
        expect(decodeSandboxMessage(wire.type, wire.message)?.text).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives back any binary payload (types 5 and 6)', () => {
    const bytes = fc.uint8Array({ minLength: 1, maxLength: 130 });
    const udh = fc
      .uint8Array({ minLength: 0, maxLength: 8 })
      .map((body) => Buffer.concat([Buffer.from([body.length]), body]));
    fc.assert(
      fc.property(bytes, fc.option(udh, { nil: undefined }), (payload, header) => {
        const hex = Buffer.from(payload).toString('hex');
        const binary = header ? { hex, udh: header.toString('hex') } : { hex };
        const wire = toEzsmsWireMessage({ to: 'x', binary });
        const decoded = decodeSandboxMessage(wire.type, wire.message);
        expect(decoded?.hex).toBe(hex.toUpperCase());
        expect(decoded?.udh).toBe(header?.toString('hex').toUpperCase());
      }),
      { numRuns: 500 },
    );
  });
});
