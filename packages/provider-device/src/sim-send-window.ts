/**
 * One SIM's sliding window of SMS parts, as the sandbox's phones count their
 * own limit: `@pesan/core`'s {@link SlidingSendWindow}, kept under the name
 * this package has always exported. The pool counts in a `SendWindowStore`.
 */
export { type SendWindowEntry as SimReservation, SlidingSendWindow as SimSendWindow } from '@pesan/core';
