import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { RuleViolation } from '@gov/domain';
import { IdempotencyKeyReusedError } from '@gov/event-store';
import type { FastifyReply } from 'fastify';

const STATUS_OF_KIND = { conflict: 409, unprocessable: 422, 'not-found': 404 } as const;

/**
 * Maps failures to answers at the edge: broken rules keep their stable code, validation
 * failures name each field, and anything unexpected is logged and answered 500 without
 * leaking internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.answer(error);
    void reply.status(status).send(body);
  }

  private answer(error: unknown): { status: number; body: Record<string, unknown> } {
    if (error instanceof RuleViolation) {
      const status = STATUS_OF_KIND[error.kind];
      return { status, body: { statusCode: status, code: error.code, rule: error.rule, message: error.message, details: error.details } };
    }
    if (error instanceof IdempotencyKeyReusedError) {
      return { status: 422, body: { statusCode: 422, code: error.code, message: error.message } };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const body = typeof response === 'object' ? (response as Record<string, unknown>) : { message: response };
      return { status, body: { statusCode: status, code: body.code ?? httpCode(status), ...body } };
    }
    const statusCode = (error as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      // Fastify's own refusals: malformed JSON, body too large, wrong content type.
      return { status: statusCode, body: { statusCode, code: httpCode(statusCode), message: (error as Error).message } };
    }
    this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    return { status: 500, body: { statusCode: 500, code: 'INTERNAL', message: 'internal error' } };
  }
}

function httpCode(status: number): string {
  switch (status) {
    case 400: return 'REQUEST.MALFORMED';
    case 404: return 'NOT_FOUND';
    case 413: return 'REQUEST.TOO_LARGE';
    case 415: return 'REQUEST.UNSUPPORTED_MEDIA_TYPE';
    default: return `HTTP.${status}`;
  }
}

