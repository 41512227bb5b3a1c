/**
 * Inbound callbacks. The vendor's page says only that it POSTs one field,
 * `response`, holding base64 of the JSON message object; these are the JSON
 * shapes pesan accepts (Meta's webhook envelope, its `value`, and flat
 * objects) before they are base64-encoded.
 */

/** Meta's webhook envelope: a text message. */
export const META_TEXT = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '60123450000', phone_number_id: '106540352242922' },
            contacts: [{ profile: { name: 'Aisyah' }, wa_id: '60198765432' }],
            messages: [
              {
                from: '60198765432',
                id: 'wamid.HBgLNjAxOTg3NjU0MzIVAgASGBQzQTdCQzU2RjQ1',
                timestamp: '1733097600',
                type: 'text',
                text: { body: 'Is my order ready?' },
              },
            ],
          },
        },
      ],
    },
  ],
} as const;

/** Meta's envelope: an image with a caption and a link. */
export const META_IMAGE = {
  object: 'whatsapp_business_account',
  entry: [
    {
      changes: [
        {
          value: {
            metadata: { display_phone_number: '60123450000' },
            messages: [
              {
                from: '60198765432',
                id: 'wamid.IMAGE1',
                timestamp: '1733097660',
                type: 'image',
                image: {
                  id: '1479537139650973',
                  mime_type: 'image/jpeg',
                  caption: 'The parcel',
                  link: 'https://media.example.com/1479537139650973.jpg',
                },
              },
            ],
          },
        },
      ],
    },
  ],
} as const;

/** Meta's envelope: delivery statuses (sent, delivered, read, failed) and one pesan does not map. */
export const META_STATUSES = {
  object: 'whatsapp_business_account',
  entry: [
    {
      changes: [
        {
          value: {
            metadata: { display_phone_number: '60123450000' },
            statuses: [
              { id: '20231188285', status: 'sent', timestamp: '1733097601', recipient_id: '60198765432' },
              { id: '20231188285', status: 'delivered', timestamp: '1733097602', recipient_id: '60198765432' },
              { id: '20231188285', status: 'read', timestamp: '1733097603', recipient_id: '60198765432' },
              {
                id: '20231188290',
                status: 'failed',
                timestamp: '1733097604',
                recipient_id: '60198765433',
                errors: [{ code: 131047, title: 'Re-engagement message' }],
              },
              { id: '20231188291', status: 'deleted', timestamp: '1733097605', recipient_id: '60198765433' },
            ],
          },
        },
      ],
    },
  ],
} as const;

/** Meta's `value` object alone. */
export const META_VALUE = {
  messages: [{ from: '60198765432', id: 'wamid.V1', timestamp: '1733097700', type: 'text', text: { body: 'Hi' } }],
} as const;

/** A flat message. */
export const FLAT_TEXT = {
  from: '60198765432',
  to: '60123450000',
  type: 'text',
  text: 'Terima kasih!',
  messageId: 'in-1001',
  timestamp: 1733097800,
} as const;

/** A flat file message. */
export const FLAT_FILE = {
  from: '+60198765432',
  message: 'Invoice attached',
  fileUrl: 'https://media.example.com/invoice.pdf',
  fileName: 'invoice.pdf',
} as const;

/** A flat status. */
export const FLAT_STATUS = {
  messageId: '20231188285',
  status: 'delivered',
  to: '60198765432',
  timestamp: '2024-12-02T00:00:02Z',
} as const;

/** Messages pesan cannot read. */
export const NO_SENDER = { text: 'who am I?' } as const;
export const BAD_SENDER = { from: 'not-a-number', text: 'hi' } as const;
