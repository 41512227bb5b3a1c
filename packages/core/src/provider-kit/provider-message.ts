import { PesanError } from '../errors/pesan-error.js';
import { prepareMessage } from '../messenger/message-preparation.js';
import type { CountryCode } from '../phone/to-e164.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { SendContext } from '../provider/v1/send-context.js';

/**
 * The message a provider works with: as given when the messenger already
 * validated it (`context.validated`), else validated here (schema, E.164
 * recipient, encoding), so a provider used on its own is as strict as one
 * behind a messenger. Throws `PesanError` naming the provider.
 */
export function providerMessage(
  message: OutboundMessage,
  context: SendContext | undefined,
  provider: string,
  defaultRegion: CountryCode,
): OutboundMessage {
  if (context?.validated === true) return message;
  try {
    return prepareMessage(message, defaultRegion);
  } catch (error) {
    throw PesanError.isInstance(error) && error.provider === undefined ? error.with({ provider }) : error;
  }
}
