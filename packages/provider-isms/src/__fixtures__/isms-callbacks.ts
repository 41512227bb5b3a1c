/**
 * iSMS delivery callbacks as the vendor sends them: the query string it
 * appends to the configured callback URL (gateway API v2.0 page, "Delivery
 * Status Callback": `?msisdn={dstno}&trx_id={trx_id}&dn_status={status}`,
 * HTTPS GET). `dstno` is written as in the page's examples: international,
 * no `+`, sometimes `601X-XXXXXXX` with a dash.
 */

export interface IsmsCallbackFixture {
  /** What the fixture shows. */
  name: string;
  /** The query string, as appended by the vendor. */
  query: string;
  trxId: string;
  dnStatus: string;
  /** Expected pesan status and scope (provider README, "Delivery callbacks"). */
  status: 'sent' | 'failed' | 'queued';
  scope: 'carrier' | 'platform';
  /** Expected `to` in E.164. */
  to: string;
}

/** Every documented `dn_status`, plain and dashed msisdn. */
export const ISMS_DELIVERY_CALLBACKS: readonly IsmsCallbackFixture[] = [
  {
    name: 'DELIVERED (the page example)',
    query: 'msisdn=60123456789&trx_id=1143007207&dn_status=DELIVERED',
    trxId: '1143007207',
    dnStatus: 'DELIVERED',
    status: 'sent',
    scope: 'carrier',
    to: '+60123456789',
  },
  {
    name: 'ACCEPTED',
    query: 'msisdn=60123456789&trx_id=1143007208&dn_status=ACCEPTED',
    trxId: '1143007208',
    dnStatus: 'ACCEPTED',
    status: 'sent',
    scope: 'carrier',
    to: '+60123456789',
  },
  {
    name: 'SENT',
    query: 'msisdn=60123456789&trx_id=1143007209&dn_status=SENT',
    trxId: '1143007209',
    dnStatus: 'SENT',
    status: 'sent',
    scope: 'carrier',
    to: '+60123456789',
  },
  {
    name: 'UNDELIVERED',
    query: 'msisdn=60123456789&trx_id=1143007210&dn_status=UNDELIVERED',
    trxId: '1143007210',
    dnStatus: 'UNDELIVERED',
    status: 'failed',
    scope: 'carrier',
    to: '+60123456789',
  },
  {
    name: 'PENDING',
    query: 'msisdn=60123456789&trx_id=1143007211&dn_status=PENDING',
    trxId: '1143007211',
    dnStatus: 'PENDING',
    status: 'queued',
    scope: 'platform',
    to: '+60123456789',
  },
  {
    name: 'DELIVERED, dashed msisdn (601X-XXXXXXX)',
    query: 'msisdn=6012-3456789&trx_id=1143007212&dn_status=DELIVERED',
    trxId: '1143007212',
    dnStatus: 'DELIVERED',
    status: 'sent',
    scope: 'carrier',
    to: '+60123456789',
  },
  {
    name: 'ACCEPTED, dashed msisdn',
    query: 'msisdn=6012-3456789&trx_id=1143007213&dn_status=ACCEPTED',
    trxId: '1143007213',
    dnStatus: 'ACCEPTED',
    status: 'sent',
    scope: 'carrier',
    to: '+60123456789',
  },
  {
    name: 'SENT, dashed msisdn',
    query: 'msisdn=6012-3456789&trx_id=1143007214&dn_status=SENT',
    trxId: '1143007214',
    dnStatus: 'SENT',
    status: 'sent',
    scope: 'carrier',
    to: '+60123456789',
  },
  {
    name: 'UNDELIVERED, dashed msisdn',
    query: 'msisdn=6012-3456789&trx_id=1143007215&dn_status=UNDELIVERED',
    trxId: '1143007215',
    dnStatus: 'UNDELIVERED',
    status: 'failed',
    scope: 'carrier',
    to: '+60123456789',
  },
  {
    name: 'PENDING, dashed msisdn',
    query: 'msisdn=6012-3456789&trx_id=1143007216&dn_status=PENDING',
    trxId: '1143007216',
    dnStatus: 'PENDING',
    status: 'queued',
    scope: 'platform',
    to: '+60123456789',
  },
  {
    name: 'DELIVERED, dashed 011 number (8 digits after the prefix)',
    query: 'msisdn=6011-23456789&trx_id=1143007217&dn_status=DELIVERED',
    trxId: '1143007217',
    dnStatus: 'DELIVERED',
    status: 'sent',
    scope: 'carrier',
    to: '+601123456789',
  },
  {
    name: 'delivered in lower case (values are matched in any case)',
    query: 'msisdn=60123456789&trx_id=1143007218&dn_status=delivered',
    trxId: '1143007218',
    dnStatus: 'delivered',
    status: 'sent',
    scope: 'carrier',
    to: '+60123456789',
  },
];

/** Callbacks the provider cannot read: the handler answers 400 and stores nothing. */
export const ISMS_UNREADABLE_CALLBACKS: readonly { name: string; query: string }[] = [
  { name: 'trx_id missing', query: 'msisdn=60123456789&dn_status=DELIVERED' },
  { name: 'trx_id empty', query: 'msisdn=60123456789&trx_id=&dn_status=DELIVERED' },
  { name: 'dn_status missing', query: 'msisdn=60123456789&trx_id=1143007299' },
  { name: 'dn_status empty', query: 'msisdn=60123456789&trx_id=1143007299&dn_status=' },
  { name: 'undocumented dn_status EXPIRED', query: 'msisdn=60123456789&trx_id=1143007299&dn_status=EXPIRED' },
  { name: 'undocumented dn_status READ', query: 'msisdn=60123456789&trx_id=1143007299&dn_status=READ' },
  { name: 'a numeric dn_status', query: 'msisdn=60123456789&trx_id=1143007299&dn_status=2000' },
  { name: 'no query at all', query: '' },
];
