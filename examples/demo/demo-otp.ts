/**
 * The one-time password part of the demo: a code sent along a messenger's
 * route (or made by the device gateway itself), a wrong guess, the right
 * code, the same code again, and a resend inside the cooldown.
 */
import { type Messenger, PesanError } from '@pesan/core';

/** One line of the demo's table. */
export interface OtpDemoRow {
  step: string;
  provider: string;
  mirror: string;
  status: string;
  segments: number | string;
  credits: number | string;
  attempts: string;
}

/**
 * Runs one round trip on `messenger` for `to`. `readCode` plays the phone:
 * it reads the code from the sandbox's record of what it sent.
 */
export async function runOtpRoundTrip(
  label: string,
  messenger: Messenger,
  to: string,
  readCode: () => string | undefined,
): Promise<OtpDemoRow[]> {
  const row = (step: string, provider: string, status: string): OtpDemoRow => ({
    step: `${label}: ${step}`,
    provider,
    mirror: '-',
    status,
    segments: '-',
    credits: '-',
    attempts: '-',
  });
  const sent = await messenger.otp.send({
    to,
    template: 'Your pesan demo code is {code}. It expires in {minutes} minutes.',
  });
  const code = readCode();
  if (code === undefined) throw new Error('the sandbox recorded no code');
  console.log(
    `  ${label}: code sent to ${sent.to} by ${sent.provider}${sent.native ? ' (the gateway made it)' : ''}, expires ${sent.expiresAt.toISOString()}`,
  );
  const wrong = code.startsWith('0') ? `1${code.slice(1)}` : `0${code.slice(1)}`;
  const answers = [
    ['wrong code', await messenger.otp.verify({ to, code: wrong })],
    ['right code', await messenger.otp.verify({ to, code })],
    ['same code again', await messenger.otp.verify({ to, code })],
  ] as const;
  const rows = [row(`send${sent.native ? ' (native)' : ''}`, sent.provider, `sent, ${sent.channel}`)];
  for (const [step, answer] of answers) {
    const status = answer.valid ? 'valid' : `invalid: ${answer.reason}`;
    console.log(`  ${label}: ${step} -> ${status}`);
    rows.push(row(step, sent.provider, status));
  }
  try {
    await messenger.otp.send({ to });
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    const status = `${error.code} (retry in ${String(error.details?.retryAfterSeconds)} s)`;
    console.log(`  ${label}: resend at once -> ${status}`);
    rows.push(row('resend at once', '-', status));
  }
  return rows;
}
