import { describe, it } from 'vitest';
import type { IdempotencyStore } from '../../idempotency/idempotency-store.js';
import type { OtpStore } from '../../otp/otp-store.js';
import type { SuppressionStore } from '../../policy/suppression-store.js';
import type { RateLimiterStore } from '../../resilience/rate-limiter-store.js';
import type { SendWindowStore } from '../../resilience/send-window-store.js';
import type { StatusStore } from '../../status/status-store.js';
import type { WindowStore } from '../../whatsapp/window-store.js';
import { sendWindowStoreContract } from '../send-window-store-contract-cases.js';
import {
  idempotencyStoreContract,
  otpStoreContract,
  rateLimiterStoreContract,
  runStoreContractCase,
  type StoreContractCase,
  type StoreContractHarness,
  statusStoreContract,
  suppressionStoreContract,
  windowStoreContract,
} from '../store-contract-cases.js';

/**
 * Registers one vitest test per case of a store contract, each against a
 * fresh store from `harness`. The `describe*StoreContract` functions below
 * are this with the contract filled in.
 */
export function describeStoreContract<Store>(
  title: string,
  cases: readonly StoreContractCase<Store>[],
  harness: StoreContractHarness<Store>,
): void {
  describe(title, () => {
    for (const contractCase of cases) {
      it(contractCase.name, () => runStoreContractCase(harness, contractCase), 15_000);
    }
  });
}

/** The {@link IdempotencyStore} contract, as vitest tests. */
export function describeIdempotencyStoreContract(name: string, harness: StoreContractHarness<IdempotencyStore>): void {
  describeStoreContract(`${name}: IdempotencyStore contract`, idempotencyStoreContract, harness);
}

/** The {@link StatusStore} contract, as vitest tests. */
export function describeStatusStoreContract(name: string, harness: StoreContractHarness<StatusStore>): void {
  describeStoreContract(`${name}: StatusStore contract`, statusStoreContract, harness);
}

/** The {@link OtpStore} contract, as vitest tests. */
export function describeOtpStoreContract(name: string, harness: StoreContractHarness<OtpStore>): void {
  describeStoreContract(`${name}: OtpStore contract`, otpStoreContract, harness);
}

/** The {@link WindowStore} contract, as vitest tests. */
export function describeWindowStoreContract(name: string, harness: StoreContractHarness<WindowStore>): void {
  describeStoreContract(`${name}: WindowStore contract`, windowStoreContract, harness);
}

/** The {@link RateLimiterStore} contract, as vitest tests. */
export function describeRateLimiterStoreContract(name: string, harness: StoreContractHarness<RateLimiterStore>): void {
  describeStoreContract(`${name}: RateLimiterStore contract`, rateLimiterStoreContract, harness);
}

/** The {@link SuppressionStore} contract, as vitest tests. */
export function describeSuppressionStoreContract(name: string, harness: StoreContractHarness<SuppressionStore>): void {
  describeStoreContract(`${name}: SuppressionStore contract`, suppressionStoreContract, harness);
}

/** The {@link SendWindowStore} contract, as vitest tests. */
export function describeSendWindowStoreContract(name: string, harness: StoreContractHarness<SendWindowStore>): void {
  describeStoreContract(`${name}: SendWindowStore contract`, sendWindowStoreContract, harness);
}
