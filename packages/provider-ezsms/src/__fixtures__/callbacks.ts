/** Delivery reports as sms.com.my pushes them (HTTP GET), with the spellings clients see. */
export const DELIVERY_REPORT_URLS = [
  { url: '/webhooks/ezsms/t0k3n?MsgId=1234567&Sender=60120000000&Status=6', status: 'delivered', scope: 'handset' },
  { url: '/webhooks/ezsms/t0k3n?msgid=1234567&sender=60120000000&status=7', status: 'failed', scope: 'carrier' },
  { url: '/webhooks/ezsms/t0k3n?MSGID=1234567&SENDER=60120000000&STATUS=8', status: 'expired', scope: 'carrier' },
  { url: '/cb?u=user&p=1234&MsgId=1234567&Sender=60120000000&Status=9', status: 'unknown', scope: 'platform' },
  { url: '/cb?MsgId=1234567&Status=10', status: 'rejected', scope: 'carrier' },
  { url: '/cb?MsgId=1234567&Status=11', status: 'queued', scope: 'carrier' },
  { url: '/cb?MsgId=1234567&Status=12', status: 'failed', scope: 'carrier' },
  { url: '/cb?MsgId=1234567&Status=13', status: 'queued', scope: 'carrier' },
  { url: '/cb?MsgId=1234567&Status=14', status: 'queued', scope: 'carrier' },
  { url: '/cb?MsgId=1234567&Status=15', status: 'queued', scope: 'carrier' },
  { url: '/cb?MsgId=1234567&Status=16', status: 'queued', scope: 'carrier' },
  { url: '/cb?MsgId=1234567&Status=17', status: 'failed', scope: 'carrier' },
  { url: '/cb?MsgId=1234567&Status=42', status: 'unknown', scope: 'platform' },
] as const;

/** Incoming SMS as sms.com.my pushes them. */
export const INCOMING_SMS_URLS = [
  {
    url: '/cb?Shortcode=60123456789&Sender=60198765432&ContentType=1&Msg=Hello+there',
    from: '+60198765432',
    to: '+60123456789',
    text: 'Hello there',
  },
  {
    url: '/cb?shortcode=60123456789&sender=60198765432&contenttype=2&msg=004100420043',
    from: '+60198765432',
    to: '+60123456789',
    text: 'ABC',
  },
  {
    url: '/cb?SHORTCODE=60123456789&SENDER=6591234567&CONTENTTYPE=3&MSG=4F60597DD83DDE00',
    from: '+6591234567',
    to: '+60123456789',
    text: '你好😀',
  },
  {
    url: '/cb?Shortcode=32728&Sender=0198765432&Content%20Type=1&Msg=STOP',
    from: '+60198765432',
    to: undefined,
    text: 'STOP',
  },
] as const;

/** Callbacks that are neither kind, or broken. */
export const UNREADABLE_CALLBACK_URLS = [
  '/cb',
  '/cb?foo=bar',
  '/cb?MsgId=&Status=6',
  '/cb?MsgId=1&Status=delivered',
  '/cb?Status=6',
  '/cb?Sender=60198765432&ContentType=3&Msg=ZZZZ',
  '/cb?Sender=60198765432&ContentType=3&Msg=004',
  '/cb?Sender=60198765432&ContentType=9&Msg=hi',
  '/cb?Shortcode=60123456789&ContentType=1&Msg=hi',
  '/cb?Sender=abc&ContentType=1&Msg=hi',
  '/cb?MsgId=1&Status=6&Msg=hi&Sender=60198765432',
] as const;
