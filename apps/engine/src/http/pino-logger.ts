import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Structured JSON logs (pino) for Nest's own messages; Fastify logs requests with the same instance. */
export function createPinoLogger(level: string): Logger {
  return pino({ level, base: { service: 'gov-engine' }, timestamp: pino.stdTimeFunctions.isoTime });
}

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) { this.logger.info(...entry(message, { context })); }
  error(message: unknown, trace?: string, context?: string) { this.logger.error(...entry(message, { context, trace })); }
  warn(message: unknown, context?: string) { this.logger.warn(...entry(message, { context })); }
  debug(message: unknown, context?: string) { this.logger.debug(...entry(message, { context })); }
  verbose(message: unknown, context?: string) { this.logger.trace(...entry(message, { context })); }
}

/** A structured message (`{ msg, ...fields }`) keeps its fields; anything else becomes the message text. */
function entry(message: unknown, fields: Record<string, unknown>): [Record<string, unknown>, string] {
  if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
    const { msg, ...rest } = message as Record<string, unknown>;
    return [{ ...fields, ...rest }, String(msg ?? '')];
  }
  return [fields, String(message)];
}
