import type { FastifyInstance } from 'fastify';
import { validationFailed } from './validation';

/** No request of the API nests deeper than a few levels; 32 leaves room and stops a body built to exhaust the validator's recursion. */
export const MAX_JSON_DEPTH = 32;

/**
 * JSON bodies are measured before they are parsed: a body nested deeper than MAX_JSON_DEPTH is
 * answered 400 at once, before the guard and before class-transformer walks it (a body nested
 * tens of thousands deep held the event loop half a second and ended in a 500). The parsing
 * itself stays Fastify's own (prototype poisoning refused).
 */
export function limitJsonDepth(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      done(validationFailed([{ field: 'body', reason: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }]), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}

/** Whether the text's arrays and objects nest deeper than `max`; brackets inside strings do not count. A linear scan, no recursion. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}
