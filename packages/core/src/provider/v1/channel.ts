/** The channel a message travels on. */
export type Channel = 'sms' | 'whatsapp';
