import type { Logger } from '../provider/v1/logger.js';

/** A logger that drops everything: the default, so a library never writes to the console uninvited. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** A logger that writes one JSON line per entry to the console. */
export function consoleLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const threshold = order.indexOf(level);
  const write = (entryLevel: (typeof order)[number]) => (message: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(entryLevel) < threshold) return;
    console[entryLevel](JSON.stringify({ level: entryLevel, message, ...fields }));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
