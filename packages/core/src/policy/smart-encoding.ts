import { countSegments } from '../encoding/segment-counter.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import { GSM7_LOOKALIKES, replaceLookalikes } from './gsm7-lookalikes.js';
import type { Middleware } from './middleware.js';

/** Options of {@link smartEncoding}. */
export interface SmartEncodingOptions {
  /**
   * Extra replacements, merged over the built-in table (`GSM7_LOOKALIKES`):
   * a character and its GSM-7 text (`''` removes it).
   */
  replacements?: Readonly<Record<string, string>>;
}

/**
 * Smart encoding: when an SMS text with `encoding: 'auto'` (the default) is
 * UCS-2 only because of typographic look-alikes (curly quotes, `—` and `–`,
 * `…`, non-breaking and zero-width spaces, ...), replaces them with their
 * GSM-7 equivalents, provided the whole text then is GSM-7. A 70-character
 * UCS-2 part becomes a 160-character GSM-7 one. The result's `adjustments`
 * (and `estimate()`) say what was replaced and the segments before and after.
 *
 * @example
 * ```ts
 * createMessenger({ providers, middleware: [smartEncoding()] });
 * // '“Hello” — it’s ready…' goes as '"Hello" - it's ready...': 1 GSM-7 part
 * ```
 */
export function smartEncoding(options: SmartEncodingOptions = {}): Middleware {
  const table =
    options.replacements === undefined
      ? GSM7_LOOKALIKES
      : new Map([...GSM7_LOOKALIKES, ...Object.entries(options.replacements)]);
  return {
    name: 'smartEncoding',
    beforeSend({ message, adjust }) {
      if ((message.encoding ?? 'auto') !== 'auto' || message.binary) return;
      let changed: OutboundMessage | undefined;
      const fields = (message.channel ?? 'sms') === 'sms' ? (['text'] as const) : (['fallbackText'] as const);
      for (const field of fields) {
        const text = message[field];
        if (!text) continue;
        const replaced = replaceLookalikes(text, table);
        if (!replaced) continue;
        const before = countSegments(text);
        const after = countSegments(replaced.text);
        changed = { ...(changed ?? message), [field]: replaced.text };
        const characters = replaced.replaced.reduce((sum, entry) => sum + entry.count, 0);
        adjust({
          description: `Replaced ${characters} look-alike character${characters === 1 ? '' : 's'} so the text is GSM-7: ${before.segments} part${before.segments === 1 ? '' : 's'} became ${after.segments}`,
          details: {
            field,
            replaced: replaced.replaced,
            encodingBefore: before.encoding,
            encodingAfter: after.encoding,
            segmentsBefore: before.segments,
            segmentsAfter: after.segments,
            segmentsSaved: before.segments - after.segments,
          },
        });
      }
      return changed;
    },
  };
}
