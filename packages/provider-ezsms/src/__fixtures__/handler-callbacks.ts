/**
 * sms.com.my callbacks as the query strings the vendor appends to the
 * configured URL (spec 1.84, "Delivery Report" and "Incoming SMS": HTTP GET),
 * for running through the messenger's webhook handler end to end.
 */

type Status = 'delivered' | 'failed' | 'expired' | 'unknown' | 'rejected' | 'queued';
type Scope = 'handset' | 'carrier' | 'platform';

export interface EzsmsReportFixture {
  name: string;
  query: string;
  msgId: string;
  vendorStatus: string;
  status: Status;
  scope: Scope;
}

/** The spec's table, with the mapping the provider README documents. */
const SPEC_STATUSES: readonly [code: number, description: string, status: Status, scope: Scope][] = [
  [6, 'Deliver Successful', 'delivered', 'handset'],
  [7, 'Deliver Failed', 'failed', 'carrier'],
  [8, 'Expired', 'expired', 'carrier'],
  [9, 'Unknown', 'unknown', 'platform'],
  [10, 'Rejected', 'rejected', 'carrier'],
  [11, 'QInTelco', 'queued', 'carrier'],
  [12, 'Not In Service', 'failed', 'carrier'],
  [13, 'Out Of Coverage', 'queued', 'carrier'],
  [14, 'Out Of Coverage', 'queued', 'carrier'],
  [15, 'QInTelco', 'queued', 'carrier'],
  [16, 'QInTelco', 'queued', 'carrier'],
  [17, 'Not In Service', 'failed', 'carrier'],
];

/** One delivery report per documented status (`MsgId`, `Sender` = gateway number, `Status`). */
export const EZSMS_DELIVERY_REPORTS: readonly EzsmsReportFixture[] = [
  ...SPEC_STATUSES.map(([code, description, status, scope]) => ({
    name: `Status=${code} ${description}`,
    query: `MsgId=${3000000 + code}&Sender=60120000000&Status=${code}`,
    msgId: String(3000000 + code),
    vendorStatus: String(code),
    status,
    scope,
  })),
  {
    name: 'lower-case names (msgid, sender, status)',
    query: 'msgid=3000100&sender=60120000000&status=6',
    msgId: '3000100',
    vendorStatus: '6',
    status: 'delivered',
    scope: 'handset',
  },
  {
    name: 'upper-case names (MSGID, SENDER, STATUS)',
    query: 'MSGID=3000101&SENDER=60120000000&STATUS=7',
    msgId: '3000101',
    vendorStatus: '7',
    status: 'failed',
    scope: 'carrier',
  },
  {
    name: 'mixed spellings (msgid, STATUS), no Sender',
    query: 'msgid=3000102&STATUS=10',
    msgId: '3000102',
    vendorStatus: '10',
    status: 'rejected',
    scope: 'carrier',
  },
  {
    name: 'the URL kept its own parameters (?u=user&p=1234)',
    query: 'u=user&p=1234&MsgId=3000103&Sender=60120000000&Status=6',
    msgId: '3000103',
    vendorStatus: '6',
    status: 'delivered',
    scope: 'handset',
  },
  {
    name: 'a number the spec does not list (42)',
    query: 'MsgId=3000104&Sender=60120000000&Status=42',
    msgId: '3000104',
    vendorStatus: '42',
    status: 'unknown',
    scope: 'platform',
  },
];

export interface EzsmsIncomingFixture {
  name: string;
  query: string;
  text: string;
}

/** Incoming SMS from 60198765432 to the gateway number 60123456789. */
export const EZSMS_INCOMING_SMS: readonly EzsmsIncomingFixture[] = [
  {
    name: 'ContentType 1, plain text',
    query: 'Shortcode=60123456789&Sender=60198765432&ContentType=1&Msg=Hello+there',
    text: 'Hello there',
  },
  {
    name: 'ContentType 1, percent-encoded punctuation',
    query: 'Shortcode=60123456789&Sender=60198765432&ContentType=1&Msg=Code%3A+123%2C+ok%3F+%26+thanks%21',
    text: 'Code: 123, ok? & thanks!',
  },
  {
    name: 'ContentType 2, hex UCS-2 (the spec example 004100420043)',
    query: 'Shortcode=60123456789&Sender=60198765432&ContentType=2&Msg=004100420043',
    text: 'ABC',
  },
  {
    name: 'ContentType 3, hex UCS-2 (the spec example 004100420043)',
    query: 'Shortcode=60123456789&Sender=60198765432&ContentType=3&Msg=004100420043',
    text: 'ABC',
  },
  {
    name: 'ContentType 3, an emoji as a surrogate pair',
    query: 'Shortcode=60123456789&Sender=60198765432&ContentType=3&Msg=D83DDE00',
    text: '😀',
  },
  {
    name: 'ContentType 2, Chinese and an emoji',
    query: 'Shortcode=60123456789&Sender=60198765432&ContentType=2&Msg=4F60597DD83DDE00',
    text: '你好😀',
  },
  {
    name: 'ContentType 3, lower-case hex',
    query: 'Shortcode=60123456789&Sender=60198765432&ContentType=3&Msg=d83dde00',
    text: '😀',
  },
  {
    name: '"Content Type" spelled with a space, as the spec table writes it',
    query: 'Shortcode=60123456789&Sender=60198765432&Content%20Type=3&Msg=004100420043',
    text: 'ABC',
  },
  {
    name: 'lower-case names',
    query: 'shortcode=60123456789&sender=60198765432&contenttype=1&msg=STOP',
    text: 'STOP',
  },
  {
    name: 'no ContentType: plain text',
    query: 'Shortcode=60123456789&Sender=60198765432&Msg=hi',
    text: 'hi',
  },
];

/** Callbacks the provider cannot read. */
export const EZSMS_UNREADABLE: readonly { name: string; query: string }[] = [
  { name: 'nothing', query: '' },
  { name: 'only the URL’s own parameters', query: 'u=user&p=1234' },
  { name: 'report without MsgId', query: 'Sender=60120000000&Status=6' },
  { name: 'report with an empty MsgId', query: 'MsgId=&Sender=60120000000&Status=6' },
  { name: 'report without Status', query: 'MsgId=3000999&Sender=60120000000' },
  { name: 'report with a word as Status', query: 'MsgId=3000999&Status=DELIVERED' },
  { name: 'incoming SMS without Sender', query: 'Shortcode=60123456789&ContentType=1&Msg=hi' },
  { name: 'incoming SMS without Msg', query: 'Shortcode=60123456789&Sender=60198765432&ContentType=1' },
  { name: 'incoming SMS, Sender not a number', query: 'Shortcode=60123456789&Sender=abc&ContentType=1&Msg=hi' },
  { name: 'incoming SMS, ContentType 9', query: 'Shortcode=60123456789&Sender=60198765432&ContentType=9&Msg=hi' },
  { name: 'incoming SMS, hex not hex', query: 'Shortcode=60123456789&Sender=60198765432&ContentType=3&Msg=ZZZZ' },
  { name: 'incoming SMS, odd hex length', query: 'Shortcode=60123456789&Sender=60198765432&ContentType=2&Msg=004' },
  { name: 'both kinds at once', query: 'MsgId=3000999&Status=6&Sender=60198765432&Msg=hi' },
];
