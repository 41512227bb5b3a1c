import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_RETURN_CODES, RETURN_CODE_ANSWERS } from './__fixtures__/vendor-answers.js';
import { EZSMS_RETURN_CODES, parseEzsmsAnswer } from './ezsms-answer.js';

describe('parseEzsmsAnswer', () => {
  it.each(RETURN_CODE_ANSWERS)('reads $body as $code', (fixture) => {
    const answer = parseEzsmsAnswer(fixture.body);
    expect(answer?.code).toBe(fixture.code);
    expect(answer && 'messageId' in answer ? answer.messageId : undefined).toBe(
      'messageId' in fixture ? fixture.messageId : undefined,
    );
  });

  it.each(NOT_RETURN_CODES)('does not read %j as a code', (body) => {
    expect(parseEzsmsAnswer(body)).toBeUndefined();
  });

  it('reads exactly the documented codes, whatever surrounds them', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (body) => {
        const answer = parseEzsmsAnswer(body);
        if (answer === undefined) return;
        const trimmed = body.trim();
        expect(trimmed.startsWith(answer.code)).toBe(true);
        if (answer.code === '1701') expect(trimmed).toMatch(/^1701(?::[!-~]*)?$/);
        else expect(trimmed).toBe(answer.code);
      }),
      { numRuns: 2000 },
    );
  });

  it('never takes a code with anything after it for the code', () => {
    const suffix = fc
      .string({ minLength: 1, maxLength: 10 })
      .filter((text) => text.trim().length > 0 && !text.startsWith(':'));
    fc.assert(
      fc.property(fc.constantFrom(...EZSMS_RETURN_CODES), suffix, (code, tail) => {
        expect(parseEzsmsAnswer(`${code}${tail.trimEnd()}`)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
