/**
 * A change a sending policy (middleware) made to a message before it was
 * sent, reported on the result (`SendResult.adjustments`) and by `estimate`.
 *
 * @example
 * ```ts
 * { policy: 'smartEncoding', description: 'Replaced 4 look-alike characters: the text is GSM-7',
 *   details: { replaced: [{ from: '“', to: '"', count: 1 }], segmentsBefore: 2, segmentsAfter: 1, segmentsSaved: 1 } }
 * ```
 */
export interface MessageAdjustment {
  /** Name of the middleware that made the change (`malaysiaPromotional`, `smartEncoding`, ...). */
  policy: string;
  /** One line a person can read. */
  description: string;
  /** Structured data: what was replaced, added, or how long the message was held. */
  details?: Record<string, unknown>;
}
