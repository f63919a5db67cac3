import pino from 'pino';

/** The little the messaging code needs from a logger; pino, Nest's Logger or a test can supply it. */
export interface MessagingLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: MessagingLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** JSON lines on stdout, like the engine's logs. */
export function pinoLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): MessagingLogger {
  const logger = pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: `${error.name}: ${error.message}` };
  return { error: String(error) };
}
