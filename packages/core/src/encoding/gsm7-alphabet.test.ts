import { describe, expect, it } from 'vitest';
import { GSM7_BASIC_ALPHABET, GSM7_EXTENSION_ALPHABET, gsm7Septets, isGsm7 } from './gsm7-alphabet.js';

describe('GSM 03.38 alphabet', () => {
  it('has 127 basic characters (128 positions less the escape) and 10 extension characters', () => {
    expect(GSM7_BASIC_ALPHABET.size).toBe(127);
    expect([...GSM7_EXTENSION_ALPHABET.keys()].sort()).toEqual(
      ['\f', '[', '\\', ']', '^', '{', '|', '}', '~', '€'].sort(),
    );
  });

  it('places characters at their GSM 03.38 septet values', () => {
    expect(GSM7_BASIC_ALPHABET.get('@')).toBe(0x00);
    expect(GSM7_BASIC_ALPHABET.get('$')).toBe(0x02);
    expect(GSM7_BASIC_ALPHABET.get('Ç')).toBe(0x09);
    expect(GSM7_BASIC_ALPHABET.get('\n')).toBe(0x0a);
    expect(GSM7_BASIC_ALPHABET.get('Δ')).toBe(0x10);
    expect(GSM7_BASIC_ALPHABET.get('¤')).toBe(0x24);
    expect(GSM7_BASIC_ALPHABET.get('¡')).toBe(0x40);
    expect(GSM7_BASIC_ALPHABET.get('§')).toBe(0x5f);
    expect(GSM7_BASIC_ALPHABET.get('¿')).toBe(0x60);
    expect(GSM7_BASIC_ALPHABET.get('à')).toBe(0x7f);
    expect(GSM7_EXTENSION_ALPHABET.get('€')).toBe(0x65);
    expect(GSM7_EXTENSION_ALPHABET.get('\f')).toBe(0x0a);
  });

  it('tells GSM-7 text from text that needs UCS-2', () => {
    expect(isGsm7('')).toBe(true);
    expect(isGsm7('Terima kasih! Kod anda: 123456 @ RM5.00 {ok} €')).toBe(true);
    expect(isGsm7('Ça va')).toBe(true);
    expect(isGsm7('ça va')).toBe(false);
    expect(isGsm7('`')).toBe(false);
    expect(isGsm7('\u001B')).toBe(false);
    expect(isGsm7('\t')).toBe(false);
    expect(isGsm7('😀')).toBe(false);
    expect(isGsm7('你好')).toBe(false);
  });

  it('counts extension characters as two septets', () => {
    expect(gsm7Septets('abc')).toBe(3);
    expect(gsm7Septets('^{}\\[~]|€\f')).toBe(20);
    expect(gsm7Septets('ç')).toBeUndefined();
  });
});
