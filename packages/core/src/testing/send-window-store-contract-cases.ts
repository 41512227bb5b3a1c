import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PesanError } from '../errors/pesan-error.js';
import type { SendWindowLimit, SendWindowReservation, SendWindowStore } from '../resilience/send-window-store.js';
import type { StoreContractCase } from './store-contract-cases.js';

function granted(reservation: SendWindowReservation): string {
  assert.equal(reservation.granted, true, `expected a grant, got ${JSON.stringify(reservation)}`);
  return (reservation as { id: string }).id;
}

function waitOf(reservation: SendWindowReservation): number {
  assert.equal(reservation.granted, false, `expected a refusal, got ${JSON.stringify(reservation)}`);
  return (reservation as { waitMs: number }).waitMs;
}

async function rejectsInvalid(attempt: () => Promise<unknown>, problem: string): Promise<void> {
  await assert.rejects(attempt, (error: unknown) => {
    assert.ok(PesanError.isInstance(error), `not a PesanError: ${String(error)}`);
    assert.equal(error.code, 'INVALID_CONFIG');
    assert.ok(error.message.includes(problem), `"${error.message}" does not say "${problem}"`);
    return true;
  });
}

const MINUTE: SendWindowLimit = { maxCount: 3, intervalMs: 60_000 };

/** What every {@link SendWindowStore} must do. */
export const sendWindowStoreContract: readonly StoreContractCase<SendWindowStore>[] = [
  {
    name: 'grants parts up to maxCount, then refuses without counting and says when they fit',
    async run(store) {
      const first = await store.reserve('sim', 2, MINUTE);
      assert.equal(first.used, 2);
      const second = await store.reserve('sim', 1, MINUTE);
      assert.equal(second.used, 3);
      assert.notEqual(granted(first), granted(second));
      const refused = await store.reserve('sim', 1, MINUTE);
      const waitMs = waitOf(refused);
      assert.ok(waitMs > 50_000 && waitMs <= 60_000, `waitMs ${waitMs}`);
      assert.equal(refused.used, 3);
      assert.equal(await store.used('sim', MINUTE), 3);
    },
  },
  {
    name: 'counts parts, not reservations: a smaller one fits where a larger one does not, and too many never fit',
    async run(store) {
      granted(await store.reserve('sim', 2, MINUTE));
      const larger = waitOf(await store.reserve('sim', 2, MINUTE));
      assert.ok(larger > 50_000 && larger <= 60_000, `waitMs ${larger}`);
      granted(await store.reserve('sim', 1, MINUTE));
      assert.equal(waitOf(await store.reserve('sim', 4, MINUTE)), Number.POSITIVE_INFINITY);
      assert.equal(await store.used('sim', MINUTE), 3);
    },
  },
  {
    name: 'a refusal waits for as many of the oldest parts as must slide out',
    async run(store) {
      const limit = { maxCount: 3, intervalMs: 2000 };
      granted(await store.reserve('sim', 1, limit));
      await sleep(200);
      granted(await store.reserve('sim', 2, limit));
      // One part frees when the first reservation slides out; two need the second one gone too.
      const one = waitOf(await store.reserve('sim', 1, limit));
      const two = waitOf(await store.reserve('sim', 2, limit));
      assert.ok(one > 0 && one <= 1801, `one part waits ${one} ms`);
      // About the 200 ms between the two reservations, less the time between the two refusals.
      assert.ok(two - one >= 150 && two <= 2000, `two parts wait ${two} ms, one ${one} ms`);
    },
  },
  {
    name: 'release gives the parts back; an unknown, repeated or other key’s release changes nothing',
    async run(store) {
      const limit = { maxCount: 2, intervalMs: 60_000 };
      const first = granted(await store.reserve('sim', 1, limit));
      const second = granted(await store.reserve('sim', 1, limit));
      waitOf(await store.reserve('sim', 1, limit));
      await store.release('sim', first);
      assert.equal(await store.used('sim', limit), 1);
      await store.release('sim', first);
      await store.release('sim', 'no-such-reservation');
      await store.release('other-sim', second);
      await store.release('never-used', second);
      assert.equal(await store.used('sim', limit), 1);
      granted(await store.reserve('sim', 1, limit));
      waitOf(await store.reserve('sim', 1, limit));
    },
  },
  {
    name: 'keeps one window per key',
    async run(store) {
      const limit = { maxCount: 1, intervalMs: 60_000 };
      granted(await store.reserve('device/uid:a/1', 1, limit));
      granted(await store.reserve('device/uid:a/2', 1, limit));
      waitOf(await store.reserve('device/uid:a/1', 1, limit));
      assert.equal(await store.used('device/uid:a/2', limit), 1);
      assert.equal(await store.used('device/uid:b/1', limit), 0);
    },
  },
  {
    name: 'parts slide out of the window after intervalMs',
    async run(store) {
      const limit = { maxCount: 2, intervalMs: 100 };
      granted(await store.reserve('sim', 2, limit));
      const waitMs = waitOf(await store.reserve('sim', 1, limit));
      assert.ok(waitMs > 0 && waitMs <= 100, `waitMs ${waitMs}`);
      await sleep(150);
      assert.equal(await store.used('sim', limit), 0);
      granted(await store.reserve('sim', 2, limit));
    },
  },
  {
    name: 'of 40 concurrent reservations exactly maxCount parts are granted',
    async run(store) {
      const limit = { maxCount: 10, intervalMs: 60_000 };
      const answers = await Promise.all(Array.from({ length: 40 }, () => store.reserve('sim', 1, limit)));
      const ids = answers.filter((answer) => answer.granted).map(granted);
      assert.equal(ids.length, 10);
      assert.equal(new Set(ids).size, 10);
      assert.equal(await store.used('sim', limit), 10);
    },
  },
  {
    name: 'concurrent reservations of several parts never overshoot, and refuse only what did not fit',
    async run(store) {
      const limit = { maxCount: 10, intervalMs: 60_000 };
      const sizes = Array.from({ length: 30 }, (_, index) => (index % 3) + 1);
      const answers = await Promise.all(sizes.map((parts) => store.reserve('sim', parts, limit)));
      const used = sizes.reduce((sum, parts, index) => (answers[index]!.granted ? sum + parts : sum), 0);
      assert.ok(used <= 10, `granted ${used} parts`);
      assert.equal(await store.used('sim', limit), used);
      sizes.forEach((parts, index) => {
        if (!answers[index]!.granted) assert.ok(parts > 10 - used, `${parts} parts refused with ${used} used`);
      });
    },
  },
  {
    name: 'refuses a bad request with INVALID_CONFIG and counts nothing',
    async run(store) {
      await rejectsInvalid(() => store.reserve('', 1, MINUTE), 'key');
      await rejectsInvalid(() => store.reserve('sim', 0, MINUTE), 'parts');
      await rejectsInvalid(() => store.reserve('sim', 1.5, MINUTE), 'parts');
      await rejectsInvalid(() => store.reserve('sim', 1, { maxCount: 0, intervalMs: 60_000 }), 'maxCount');
      await rejectsInvalid(() => store.reserve('sim', 1, { maxCount: 3, intervalMs: -1 }), 'intervalMs');
      await rejectsInvalid(
        () => store.reserve('sim', 1, { maxCount: 3, intervalMs: Number.POSITIVE_INFINITY }),
        'intervalMs',
      );
      await rejectsInvalid(() => store.used('sim', { maxCount: 3, intervalMs: 0 }), 'intervalMs');
      assert.equal(await store.used('sim', MINUTE), 0);
    },
  },
];
