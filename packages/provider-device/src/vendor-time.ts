// `2025-11-25T10:00:00.123456+07:00` is 32; a longer string is no time.
const VENDOR_TIME_MAX_LENGTH = 64;
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A gateway time as a `Date`. The page prints `2025-11-25 10:00:00` with no
 * zone: such times are read at `utcOffsetMinutes` east of UTC. ISO times with
 * a zone and Unix times (seconds, or milliseconds above 10^11) are read as
 * they say. Returns `undefined` for anything else (and for any string longer
 * than 64 characters).
 */
export function parseVendorTime(value: unknown, utcOffsetMinutes: number): Date | undefined {
  if (typeof value === 'number') return epoch(value);
  if (typeof value !== 'string' || value.length > VENDOR_TIME_MAX_LENGTH) return undefined;
  const text = value.trim();
  if (/^\d{9,13}(\.\d+)?$/.test(text)) return epoch(Number(text));
  const local = LOCAL_TIME.exec(text);
  if (local) {
    const [, year, month, day, hour, minute, second = '0', millis = '0'] = local;
    const utc = Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
      Number(millis.padEnd(3, '0')),
    );
    const date = new Date(utc - utcOffsetMinutes * 60_000);
    // Date.UTC rolls 2025-02-30 over to March: refuse instead of guessing.
    const check = new Date(utc);
    if (check.getUTCDate() !== Number(day) || check.getUTCMonth() !== Number(month) - 1) return undefined;
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  if (ZONED_TIME.test(text)) {
    const date = new Date(text.replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

function epoch(value: number): Date | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const date = new Date(value >= 1e11 ? value : value * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A `Date` as the gateway writes times: `YYYY-MM-DD HH:MM:SS` at `utcOffsetMinutes` east of UTC. */
export function formatVendorTime(date: Date, utcOffsetMinutes: number): string {
  const shifted = new Date(date.getTime() + utcOffsetMinutes * 60_000);
  return shifted.toISOString().slice(0, 19).replace('T', ' ');
}
