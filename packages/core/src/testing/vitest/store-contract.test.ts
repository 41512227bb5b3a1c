import { InMemoryIdempotencyStore } from '../../idempotency/memory-idempotency-store.js';
import { MemoryOtpStore } from '../../otp/memory-otp-store.js';
import { MemorySuppressionStore } from '../../policy/memory-suppression-store.js';
import { MemoryRateLimiterStore } from '../../resilience/memory-rate-limiter-store.js';
import { MemorySendWindowStore } from '../../resilience/memory-send-window-store.js';
import { MemoryStatusStore } from '../../status/memory-status-store.js';
import { MemoryWindowStore } from '../../whatsapp/memory-window-store.js';
import {
  describeIdempotencyStoreContract,
  describeOtpStoreContract,
  describeRateLimiterStoreContract,
  describeSendWindowStoreContract,
  describeStatusStoreContract,
  describeSuppressionStoreContract,
  describeWindowStoreContract,
} from './store-contract.js';

// The in-memory twins pass the contracts that shared stores (@pesan/redis, community stores) run too.
describeIdempotencyStoreContract('InMemoryIdempotencyStore', { create: () => new InMemoryIdempotencyStore() });
describeStatusStoreContract('MemoryStatusStore', { create: () => new MemoryStatusStore() });
describeOtpStoreContract('MemoryOtpStore', { create: () => new MemoryOtpStore() });
describeWindowStoreContract('MemoryWindowStore', { create: () => new MemoryWindowStore() });
describeRateLimiterStoreContract('MemoryRateLimiterStore', { create: () => new MemoryRateLimiterStore() });
describeSuppressionStoreContract('MemorySuppressionStore', { create: () => new MemorySuppressionStore() });
describeSendWindowStoreContract('MemorySendWindowStore', { create: () => new MemorySendWindowStore() });
