import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { EngineMetrics } from '../observability/engine-metrics';
import { Readiness } from '../observability/readiness';

/**
 * Operating endpoints, outside /api and without a user token: /health (liveness: the process
 * answers), /ready (the store, the read models and, with Kafka, the broker answer), /metrics
 * (Prometheus; behind METRICS_TOKEN when that is set).
 */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: Readiness,
    private readonly metrics: EngineMetrics,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: 200 while the process serves requests; depends on nothing else' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: 200 when the event store, the read-model store and (with Kafka) the broker answer; 503 naming the one that does not' })
  ready() {
    return this.health.check(this.readiness.checks());
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics: commands, latencies, projection and relay lag, open and overdue cases' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const token = this.config.metricsToken;
    if (token && !sameSecret(authorization ?? '', `Bearer ${token}`)) {
      throw new UnauthorizedException({ code: 'AUTH.METRICS_TOKEN', message: 'this engine serves /metrics with Authorization: Bearer <METRICS_TOKEN> only' });
    }
    // Set here, not by @Header: a refusal above must still go out as JSON.
    reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.render();
  }
}

function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
