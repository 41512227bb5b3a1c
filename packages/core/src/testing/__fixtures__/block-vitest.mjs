// Loaded with `node --import`: any import of vitest (or its parts) fails the process, naming the importer.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'vitest' || specifier.startsWith('vitest/') || specifier.startsWith('@vitest/')) {
    throw new Error('vitest imported by ' + context.parentURL);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
