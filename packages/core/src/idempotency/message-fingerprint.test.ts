import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import { messageFingerprint } from './message-fingerprint.js';

const base: OutboundMessage = { to: '+60123456789', text: 'Hi' };

describe('messageFingerprint', () => {
  it('ignores metadata, the key, key order and defaults written out', () => {
    const fingerprint = messageFingerprint(base);
    expect(messageFingerprint({ ...base, metadata: { order: 1 }, idempotencyKey: 'k' })).toBe(fingerprint);
    expect(messageFingerprint({ ...base, channel: 'sms', encoding: 'auto', flash: false })).toBe(fingerprint);
    const template = { name: 't', language: 'en', params: { a: '1', b: '2' } };
    expect(messageFingerprint({ ...base, template })).toBe(
      messageFingerprint({ ...base, template: { params: { b: '2', a: '1' }, language: 'en', name: 't' } }),
    );
  });

  it.each<[string, Partial<OutboundMessage>]>([
    ['to', { to: '+60123456780' }],
    ['text', { text: 'Hi!' }],
    ['channel', { channel: 'whatsapp' }],
    ['from', { from: 'SHOP' }],
    ['encoding', { encoding: 'ucs2' }],
    ['flash', { flash: true }],
    ['binary', { binary: { hex: '00' } }],
    ['template', { template: { name: 't', language: 'en' } }],
    ['media', { media: { url: 'https://example.com/a.pdf', filename: 'a.pdf' } }],
  ])('changes with %s', (_field, change) => {
    expect(messageFingerprint({ ...base, ...change })).not.toBe(messageFingerprint(base));
  });

  it('is the same digest earlier versions stored, so their records keep matching', () => {
    expect(messageFingerprint(base)).toBe('rbKNAoZ7b_dcuGZo2gPuzDNML-3D9hXiCLar3SjDIw8');
    const everything: OutboundMessage = {
      to: '+60123456789',
      text: 'Hi "there" \u00e9\n',
      from: 'SHOP',
      flash: true,
      encoding: 'ucs2',
      channel: 'whatsapp',
      template: { name: 't', language: 'en', params: { b: '2', a: '1' } },
      media: { url: 'https://example.com/a.pdf', filename: 'a.pdf' },
      binary: { hex: '00', udh: '05' },
      metadata: { x: 1 },
      idempotencyKey: 'k',
    };
    expect(messageFingerprint(everything)).toBe('dmc8MYutEVP_FDMdkMalAgB-aGKMLejgAJP9pbWPhr8');
  });
});
