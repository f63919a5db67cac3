import {
  CallHandler, Controller, ExecutionContext, Get, Inject, Injectable, NestInterceptor, OnApplicationShutdown, Provider, Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { principalOfRequest } from '../auth/auth.guard';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { Clock } from '../infrastructure/clock';
import { AccessAuditQuery } from './access-audit.request.dto';
import { accessLogFile, AccessLog, type AccessLogHead, publishAccessHead, readAccessAnchors } from './access-log';
import { anchorFileOf } from './seal-anchors';

export const ACCESS_LOG = Symbol('ACCESS_LOG');

/** Route parameters that name what was read. */
const NAMED = ['caseNo', 'complaintNo', 'personId'] as const;

/** The person an answer shows, where it shows one: a case's applicant, a complainant. */
function personIn(body: unknown): { personId: string | null; shown: string | null } {
  const holder = body as { applicant?: { personId?: unknown; shown?: unknown }; personId?: unknown; shown?: unknown } | null;
  const person = holder?.applicant ?? holder;
  return typeof person?.personId === 'string'
    ? { personId: person.personId, shown: typeof person.shown === 'string' ? person.shown : null }
    : { personId: null, shown: null };
}

/**
 * Records every successful read of a case, a complaint or a person (a GET whose route names
 * one) and every export of the access log itself, with the caller and the person the answer
 * showed, before the answer leaves. A read the log cannot record is not answered.
 */
@Injectable()
export class AccessAuditInterceptor implements NestInterceptor {
  constructor(@Inject(ACCESS_LOG) private readonly log: AccessLog, private readonly clock: Clock) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const url = request.routeOptions?.url;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const audited = request.method === 'GET' && url !== undefined
      && (NAMED.some((name) => params[name] !== undefined) || url === '/api/access-audit');
    if (!audited) return next.handle();
    const principal = principalOfRequest(request);
    return next.handle().pipe(tap((body) => {
      this.log.record({
        at: this.clock.now().toISOString(),
        subject: principal?.subject ?? 'anonymous',
        role: principal?.role ?? 'none',
        route: `GET ${url}`,
        caseNo: params.caseNo ?? null,
        complaintNo: params.complaintNo ?? null,
        ...(params.personId ? { personId: params.personId, shown: null } : personIn(body)),
      });
    }));
  }
}

@ApiTags('audit')
@Controller('api/access-audit')
export class AccessAuditHttpController {
  constructor(@Inject(ACCESS_LOG) private readonly log: AccessLog, @Inject(ENGINE_CONFIG) private readonly config: EngineConfig) {}

  /** 等保 2.0's access audit, for the discipline window (纪检监察): who read whose data, in which role, when; and whether the log is whole. */
  @Get()
  @ApiOperation({ summary: 'The access log: who read which person\'s data or which case, in which role, when (oldest first), and whether its hash chain is intact' })
  export(@Query() query: AccessAuditQuery) {
    return { entries: this.log.find(query), chain: this.log.verify(readAccessAnchors(anchorFileOf(this.config))) };
  }
}

/**
 * Prunes entries past the retention when the engine starts and once a day; publishes the
 * log's head beside the seals (AUDIT_ANCHOR_FILE) every AUDIT_ANCHOR_INTERVAL_MS when it moved,
 * and when the engine stops, so a rewrite of the whole file is caught like the record's.
 */
@Injectable()
export class AccessLogUpkeep implements OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[];
  private published: AccessLogHead | undefined;

  constructor(@Inject(ACCESS_LOG) private readonly log: AccessLog, @Inject(ENGINE_CONFIG) private readonly config: EngineConfig, private readonly clock: Clock) {
    const prune = () => this.log.prune(clock.now(), config.accessLogRetentionDays ?? 180);
    prune();
    this.timers = [setInterval(prune, 86_400_000), setInterval(() => this.publishHead(), config.auditAnchorIntervalMs)];
    this.timers.forEach((timer) => timer.unref());
  }

  publishHead(): void {
    const head = this.log.head();
    if (!head || (this.published?.seq === head.seq && this.published.hash === head.hash)) return;
    publishAccessHead(anchorFileOf(this.config), head, this.clock.now());
    this.published = head;
  }

  onApplicationShutdown(): void {
    this.timers.forEach((timer) => clearInterval(timer));
    try {
      this.publishHead();
    } finally {
      this.log.close();
    }
  }
}

export const ACCESS_LOG_PROVIDERS: Provider[] = [
  {
    provide: ACCESS_LOG,
    inject: [ENGINE_CONFIG],
    useFactory: (config: EngineConfig) => AccessLog.open(config.accessLogFile ?? accessLogFile(config.dataDir), config.cryptoSuite ?? 'international'),
  },
  AccessLogUpkeep,
];
