import { type Clock, countSegments } from '@pesan/core';
import type { SimSendLimit, SimSlot } from '../device-options.js';
import { SimSendWindow } from '../sim-send-window.js';

/** A phone of a sandbox account. */
export interface SandboxDeviceInput {
  /** Dashboard id (`device_id`). */
  deviceId: number;
  /** Unique id (`device_uid`). */
  deviceUid: string;
  /** Shown in `device_status`. */
  name?: string;
  /** SIM cards in the phone: 1 (default) or 2. */
  sims?: 1 | 2;
  /** `running` (default) or `stopped`: a stopped phone is refused as offline and picks up nothing. */
  state?: 'running' | 'stopped';
  /** The phone's own limit per SIM (default 30 parts per 30 minutes, stock Android). */
  simLimit?: SimSendLimit;
}

/** When queued messages move on, counted from when a running phone picks them up. */
export interface SandboxSchedule {
  /** From queued to `sent` (default 2 000 ms). */
  sentAfterMs: number;
  /** From queued to `delivered` (default 5 000 ms). */
  deliveredAfterMs: number;
}

/** What happened to a message to a number: every number is delivered unless listed. */
export interface SandboxOutcomes {
  /** Numbers (E.164) whose messages fail when the phone sends them. */
  failNumbers?: readonly string[];
  /** Numbers whose messages are sent but never delivered. */
  undeliveredNumbers?: readonly string[];
}

/** A message a sandbox phone carries. */
export interface SandboxMessage {
  readonly id: number;
  readonly deviceId: number;
  readonly deviceUid: string;
  readonly simSlot: SimSlot;
  readonly phoneNumber: string;
  readonly text: string;
  readonly parts: number;
  /** `pending`, `sent`, `delivered` or `failed`. */
  status: 'pending' | 'sent' | 'delivered' | 'failed';
  /** Why it failed: `number` (listed to fail), `no_sim` (no SIM in that slot) or `sms_limit` (the phone's limit). */
  failure?: 'number' | 'no_sim' | 'sms_limit';
  readonly createdAt: Date;
  /** When a running phone picked it up. */
  pickedUpAt?: Date;
  processedAt?: Date;
  /** `otp` for `send_otp` messages. */
  readonly kind: 'sms' | 'otp';
}

/** A message a sandbox phone received. */
export interface SandboxIncoming {
  readonly id: number;
  readonly deviceId: number;
  readonly deviceUid: string;
  readonly simSlot: SimSlot;
  readonly phoneNumber: string;
  readonly text: string;
  readonly receivedAt: Date;
}

interface Phone {
  readonly input: Required<Omit<SandboxDeviceInput, 'simLimit'>> & { simLimit: SimSendLimit };
  state: 'running' | 'stopped';
  readonly windows: Map<SimSlot, SimSendWindow>;
  /** Parts each SIM has actually sent, for tests. */
  readonly sentParts: Map<SimSlot, number>;
}

const DEFAULT_LIMIT: SimSendLimit = { maxCount: 30, intervalMs: 1_800_000 };

/**
 * The phones of the sandbox and the messages they carry. Time is read from
 * the clock only, and messages move when asked (`advance()` runs before
 * every answer), so tests drive the schedule with a fake clock.
 */
export class SandboxPhones {
  readonly #clock: Clock;
  readonly #schedule: SandboxSchedule;
  readonly #fail: ReadonlySet<string>;
  readonly #undelivered: ReadonlySet<string>;
  readonly #maxMessages: number;
  readonly #phones: Phone[];
  readonly #messages: SandboxMessage[] = [];
  /** Messages not yet final, oldest first: the only ones `advance()` walks. */
  #active: SandboxMessage[] = [];
  readonly #incoming: SandboxIncoming[] = [];
  #nextMessageId = 145;
  #nextIncomingId = 900;
  /** Messages a phone refused to send because of its own limit. */
  limitBlocked = 0;

  constructor(options: {
    devices: readonly SandboxDeviceInput[];
    clock: Clock;
    schedule: SandboxSchedule;
    outcomes: SandboxOutcomes;
    maxMessages: number;
  }) {
    this.#clock = options.clock;
    this.#schedule = options.schedule;
    this.#fail = new Set(options.outcomes.failNumbers ?? []);
    this.#undelivered = new Set(options.outcomes.undeliveredNumbers ?? []);
    this.#maxMessages = options.maxMessages;
    this.#phones = options.devices.map((device) => {
      const simLimit = device.simLimit ?? DEFAULT_LIMIT;
      const sims = device.sims ?? 1;
      const slots: SimSlot[] = sims === 2 ? [1, 2] : [1];
      return {
        input: { name: `Phone ${device.deviceId}`, sims, state: 'running', ...device, simLimit },
        state: device.state ?? 'running',
        windows: new Map(slots.map((slot) => [slot, new SimSendWindow(simLimit)])),
        sentParts: new Map(slots.map((slot) => [slot, 0])),
      };
    });
  }

  /** Messages sent through the phones, oldest first. */
  get messages(): readonly SandboxMessage[] {
    this.advance();
    return this.#messages;
  }

  /** Messages the phones received, oldest first. */
  get incoming(): readonly SandboxIncoming[] {
    return this.#incoming;
  }

  /** The phone named by `device_id` or `device_uid`. */
  find(reference: { deviceId?: string; deviceUid?: string }): Phone | undefined {
    return this.#phones.find((phone) =>
      reference.deviceUid !== undefined
        ? phone.input.deviceUid === reference.deviceUid
        : String(phone.input.deviceId) === reference.deviceId,
    );
  }

  /** Every phone, for `device_status`. */
  list(): readonly Phone[] {
    return this.#phones;
  }

  /** Starts or stops a phone; a phone that starts picks up what waited for it. */
  setState(reference: { deviceId?: string; deviceUid?: string }, state: 'running' | 'stopped'): void {
    const phone = this.find(reference);
    if (phone === undefined) throw new Error(`no sandbox phone ${JSON.stringify(reference)}`);
    this.advance();
    phone.state = state;
    if (state === 'running') this.#pickUp(phone);
  }

  /** Queues a message on a running phone. */
  queue(phone: Phone, simSlot: SimSlot, phoneNumber: string, text: string, kind: 'sms' | 'otp'): SandboxMessage {
    this.advance();
    const now = new Date(this.#clock.now());
    const message: SandboxMessage = {
      id: this.#nextMessageId++,
      deviceId: phone.input.deviceId,
      deviceUid: phone.input.deviceUid,
      simSlot,
      phoneNumber,
      text,
      parts: countSegments(text).segments,
      status: 'pending',
      createdAt: now,
      ...(phone.state === 'running' ? { pickedUpAt: now } : {}),
      kind,
    };
    this.#messages.push(message);
    this.#active.push(message);
    if (this.#messages.length > this.#maxMessages) this.#messages.splice(0, this.#messages.length - this.#maxMessages);
    if (this.#active.length > this.#maxMessages) this.#active.splice(0, this.#active.length - this.#maxMessages);
    return message;
  }

  /** Records a message a phone received. */
  receive(input: { from: string; text: string; deviceUid?: string; simSlot?: SimSlot; at?: Date }): SandboxIncoming {
    const phone = input.deviceUid === undefined ? this.#phones[0] : this.find({ deviceUid: input.deviceUid });
    if (phone === undefined) throw new Error('no sandbox phone to receive the message');
    const incoming: SandboxIncoming = {
      id: this.#nextIncomingId++,
      deviceId: phone.input.deviceId,
      deviceUid: phone.input.deviceUid,
      simSlot: input.simSlot ?? 1,
      phoneNumber: input.from,
      text: input.text,
      receivedAt: input.at ?? new Date(this.#clock.now()),
    };
    this.#incoming.push(incoming);
    if (this.#incoming.length > this.#maxMessages) this.#incoming.splice(0, this.#incoming.length - this.#maxMessages);
    return incoming;
  }

  /** Parts each SIM of a phone actually sent (what the carrier saw). */
  sentParts(reference: { deviceId?: string; deviceUid?: string }, simSlot: SimSlot): number {
    this.advance();
    return this.find(reference)?.sentParts.get(simSlot) ?? 0;
  }

  /** Moves every message on by the clock: the schedule runs here, never on a timer. */
  advance(): void {
    const now = this.#clock.now();
    // In queue order, so each SIM's window sees its sends in time order.
    for (const message of this.#active) {
      if (message.pickedUpAt === undefined) continue;
      const picked = message.pickedUpAt.getTime();
      if (message.status === 'pending' && now >= picked + this.#schedule.sentAfterMs) this.#send(message, picked);
      if (message.status === 'sent' && now >= picked + this.#schedule.deliveredAfterMs) {
        if (!this.#undelivered.has(message.phoneNumber)) {
          message.status = 'delivered';
          message.processedAt = new Date(picked + this.#schedule.deliveredAfterMs);
        }
      }
    }
    // Messages to undeliverable numbers stay `sent`, and active: the cap in `queue` bounds them.
    this.#active = this.#active.filter((message) => message.status !== 'delivered' && message.status !== 'failed');
  }

  #send(message: SandboxMessage, picked: number): void {
    const phone = this.find({ deviceUid: message.deviceUid });
    const at = picked + this.#schedule.sentAfterMs;
    if (phone === undefined || phone.state !== 'running') return;
    message.processedAt = new Date(at);
    const window = phone.windows.get(message.simSlot);
    if (window === undefined) {
      message.status = 'failed';
      message.failure = 'no_sim';
      return;
    }
    if (window.freeAt(at, message.parts) > at) {
      // Stock Android holds it behind a confirmation dialog nobody taps: it never leaves.
      message.status = 'failed';
      message.failure = 'sms_limit';
      this.limitBlocked += 1;
      return;
    }
    window.reserve(at, message.parts);
    phone.sentParts.set(message.simSlot, (phone.sentParts.get(message.simSlot) ?? 0) + message.parts);
    if (this.#fail.has(message.phoneNumber)) {
      message.status = 'failed';
      message.failure = 'number';
      return;
    }
    message.status = 'sent';
  }

  #pickUp(phone: Phone): void {
    const now = new Date(this.#clock.now());
    for (const message of this.#active) {
      if (message.deviceUid === phone.input.deviceUid && message.pickedUpAt === undefined) message.pickedUpAt = now;
    }
  }
}
