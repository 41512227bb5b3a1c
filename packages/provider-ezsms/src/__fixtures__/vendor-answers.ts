/**
 * Answers of sms.com.my as spec 1.84 lists them, with the framing real ASP.NET
 * pages add (trailing CRLF, spaces), and near misses that must not be read as codes.
 */
export const RETURN_CODE_ANSWERS = [
  { body: '1701:1234567', code: '1701', messageId: '1234567' },
  { body: '1701:AB-12_cd', code: '1701', messageId: 'AB-12_cd' },
  { body: '1701\r\n', code: '1701' },
  { body: ' 1701:99 \r\n', code: '1701', messageId: '99' },
  { body: '1702', code: '1702' },
  { body: '1703\r\n', code: '1703' },
  { body: '1704', code: '1704' },
  { body: '1705', code: '1705' },
  { body: '1706', code: '1706' },
  { body: '1707', code: '1707' },
  { body: '1708', code: '1708' },
  { body: '1709', code: '1709' },
  { body: '\t1718\n', code: '1718' },
] as const;

/** Bodies that are not one return code. */
export const NOT_RETURN_CODES = [
  '',
  'OK',
  '1701 OK',
  '1701: 123',
  '17011',
  '01701',
  '1710',
  '1717',
  '1719',
  '1700',
  '1702 Invalid Username/Password',
  'Error 1702',
  '1702,1703',
  '1701:123\r\n1701:124',
  '<html><body>1701:1</body></html>',
  '-1702',
] as const;
