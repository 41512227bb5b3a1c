/**
 * `@pesan/queue`: pesan campaigns on BullMQ. `enqueueCampaign` splits a
 * campaign into jobs at the vendor's batch size, `createWorker` sends them
 * through a messenger on any number of machines, and a `CampaignLedger`
 * answers for results and progress by campaign id.
 */
export {
  CampaignLedger,
  type CampaignMessageResult,
  type CampaignStatus,
  type LedgerConnection,
} from './campaign-ledger.js';
export { createCampaignQueue } from './campaign-queue.js';
export {
  type CampaignJobSummary,
  type CampaignWorkerOptions,
  createWorker,
  DEFAULT_CAMPAIGN_QUEUE,
} from './campaign-worker.js';
export {
  type CampaignJobData,
  DEFAULT_CAMPAIGN_BATCH_SIZE,
  type EnqueueCampaignOptions,
  type EnqueuedCampaign,
  enqueueCampaign,
} from './enqueue-campaign.js';
