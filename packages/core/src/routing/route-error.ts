import { PesanError } from '../errors/pesan-error.js';

/** A strategy built with bad arguments: `INVALID_CONFIG`, thrown when the route is written, not when a message is sent. */
export function invalidRoute(message: string): PesanError {
  return new PesanError('INVALID_CONFIG', { message, details: { problems: [message] } });
}
