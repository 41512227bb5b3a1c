const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** Minutes since local midnight at `instant` in `timeZone`. */
export function localMinutes(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  return wall.hour * 60 + wall.minute;
}

/** The first instant after `now` when the local time in `timeZone` is `minutesOfDay` (0-1439). */
export function nextLocalTime(now: number, timeZone: string, minutesOfDay: number): number {
  const today = wallClock(now, timeZone);
  const hour = Math.floor(minutesOfDay / 60);
  const minute = minutesOfDay % 60;
  // Bounded: today, tomorrow, or the day after when a DST jump skipped the time.
  for (let days = 0; days < 3; days++) {
    const wall = Date.UTC(today.year, today.month - 1, today.day + days, hour, minute);
    let instant = wall - offsetAt(now, timeZone);
    instant = wall - offsetAt(instant, timeZone);
    if (instant > now) return instant;
  }
  return now + 24 * 60 * 60 * 1000;
}

/** `HH:MM` (24 h) as minutes since midnight; `undefined` when it is not one. */
export function parseClockTime(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}
