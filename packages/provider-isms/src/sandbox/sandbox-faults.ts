import type { SandboxFault, SandboxFaultInput, SandboxVendorCodes } from '@pesan/core/testing/sandbox';
import type { SandboxProtocol } from './sandbox-protocol.js';

export { SANDBOX_MAX_DELAY_MS } from '@pesan/core/testing/sandbox';

/**
 * A fault injected into one iSMS sandbox mirror: the kit's vocabulary
 * (`refuse`, `resetBeforeRead`, `reset`, `hang`, `slow`, `slowBody`,
 * `htmlStatus`, `drop`, `answer`), where `vendorCode` answers iSMS's own error
 * for a code (`-1004 = INSUFFICIENT CREDITS`, or the JSON error object on the
 * JSON pages) and `{ type: 'html502' }` is the proxy's 502 page.
 */
export type IsmsSandboxFault = SandboxFault | { readonly type: 'html502' };

/**
 * What `setFault` accepts: a fault or a shorthand: `'refuse'`, `'drop'`,
 * `'html502'`, `{ htmlStatus: 504 }`, `{ vendorCode: '-1004' }` (or `-1004`),
 * `{ slow: 500 }`, `{ answer: '' }`, each but `refuse` with an optional `times`.
 */
export type IsmsSandboxFaultInput = SandboxFaultInput;

const VENDOR_CODE = /^-?\d{1,6}$/;

/** The `vendorCode` hook: iSMS's codes are numbers such as `-1004`, answered as the page would. */
export function ismsVendorCodes(protocol: SandboxProtocol): SandboxVendorCodes {
  return {
    check: (code) => VENDOR_CODE.test(code),
    answer: (code, request) => protocol.errorAnswer(request.path, code),
  };
}
