import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { Clock } from '../infrastructure/clock';

export const COMMAND_TIME = Symbol('commandTime');

/** Stamps each request with the engine clock's time once, at the edge, before any handler runs. */
@Injectable()
export class CommandTimeInterceptor implements NestInterceptor {
  constructor(private readonly clock: Clock) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { [COMMAND_TIME]?: string }>();
    request[COMMAND_TIME] = this.clock.now().toISOString();
    return next.handle();
  }
}

export function requestTime(request: FastifyRequest): string {
  return (request as FastifyRequest & { [COMMAND_TIME]?: string })[COMMAND_TIME] ?? new Date().toISOString();
}
