import { type ConnectionOptions, Queue } from 'bullmq';
import { DEFAULT_CAMPAIGN_QUEUE } from './campaign-worker.js';
import type { CampaignJobData } from './enqueue-campaign.js';

/** The BullMQ queue that `enqueueCampaign` fills and `createWorker` drains. */
export function createCampaignQueue(options: { connection: ConnectionOptions; name?: string }): Queue<CampaignJobData> {
  return new Queue<CampaignJobData>(options.name ?? DEFAULT_CAMPAIGN_QUEUE, { connection: options.connection });
}
