import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ENGINE_CONFIG, EngineConfig, loadConfig } from './config/engine.config';
import { Counter, Gauge } from 'prom-client';
import { Admission } from './http/admission';
import { EngineModule } from './engine.module';
import { Clock } from './infrastructure/clock';
import { EngineRole, servesApi } from './infrastructure/engine-role';
import { stampCommandTime } from './http/command-time';
import { createValidationPipe } from './http/validation';
import { createPinoLogger, PinoNestLogger } from './http/pino-logger';
import { commandRoute, EngineMetrics } from './observability/engine-metrics';
import { servePages } from './web/pages';
import { keepFilesPrivate } from './files/private-files';
import { limitJsonDepth } from './http/json-body';
import { acceptDocumentBodies } from './http/document-body';
import { addSecurityHeaders } from './http/security-headers';
import { completeDocument } from './http/openapi';
import { refuseMalformedIdempotencyKeys } from './http/command-meta.decorator';
import { documentValidationConstraints } from './http/openapi-constraints';
import { answerMethodNotAllowed } from './http/method-not-allowed';

/** Builds the engine's HTTP application; main.ts listens, tests use `inject`. */
export async function createApp(options: { logLevel?: string; config?: EngineConfig; clock?: Clock; role?: EngineRole; ownSignals?: boolean } = {}): Promise<NestFastifyApplication> {
  keepFilesPrivate();
  const logger = createPinoLogger(options.logLevel ?? process.env.LOG_LEVEL ?? 'info');
  // Per-request lines only at debug: at thousands of commands a second they would drown the rest.
  const requestLogger = logger.child({}, { level: logger.level === 'debug' || logger.level === 'trace' ? logger.level : 'warn' });
  // request.ip: the peer, or X-Forwarded-For's nearest untrusted hop when the peer is a proxy of TRUST_PROXY.
  const trustProxy = (options.config ?? loadConfig()).trustProxy;
  const adapter = new FastifyAdapter({ loggerInstance: requestLogger, bodyLimit: 1024 * 1024, ...(trustProxy ? { trustProxy: [...trustProxy] } : {}) });
  const app = await NestFactory.create<NestFastifyApplication>(EngineModule.register(options), adapter, { logger: new PinoNestLogger(logger), bufferLogs: false, bodyParser: false });
  // First of all hooks: a request over the limit is refused before anything reads it.
  admitAtTheEdge(adapter, app.get<EngineConfig>(ENGINE_CONFIG), app.get(EngineMetrics));
  // Nest's own body parser is off (bodyParser: false): JSON bodies go through the depth-limited one.
  limitJsonDepth(adapter.getInstance());
  acceptDocumentBodies(adapter.getInstance());
  addSecurityHeaders(adapter.getInstance());
  if (servesApi(options.role ?? 'all')) answerMethodNotAllowed(adapter.getInstance());
  countCommands(adapter, app.get(EngineMetrics));
  if (servesApi(options.role ?? 'all')) stampCommandTime(adapter.getInstance(), app.get(Clock));
  if (servesApi(options.role ?? 'all')) refuseMalformedIdempotencyKeys(adapter.getInstance());
  app.useGlobalPipes(createValidationPipe());
  // A process that stops itself (main.ts, the roles: http/graceful-stop.ts) drains first; tests close the app themselves.
  if (!options.ownSignals) app.enableShutdownHooks();
  // The projector and watcher roles serve /health, /ready and /metrics only.
  if (servesApi(options.role ?? 'all')) serveApi(app);
  await app.init();
  return app;
}

/** The API's documentation at /docs and the pages (hall screen, dashboard, lookup). */
function serveApi(app: NestFastifyApplication): void {
  // Built at the first request for it, not at every start (~0.2 s of scanning every controller).
  const document = () => openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  servePages(app);
}

/** The OpenAPI document of every route, with the validation's constraints and the access table's roles. */
function openApiDocument(app: NestFastifyApplication) {
  documentValidationConstraints();
  return completeDocument(SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('County government service center — case engine')
    .setDescription('Commands and read models of the 政务服务中心 case-workflow engine. Errors: 400 VALIDATION.FAILED names each field; 404/409/422 carry a stable rule code.')
    .setVersion('0.1.0')
    // Every /api route but the hall screen and the applicant sign-in takes a bearer token (README: Identity and access).
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build()));
}

/** Every answered command, refused and failed ones included (validation, auth, rules), counted and timed once, by route. */
function countCommands(adapter: FastifyAdapter, metrics: EngineMetrics): void {
  adapter.getInstance().addHook('onResponse', async (request, reply) => {
    const command = commandRoute(request.method, request.routeOptions.url);
    if (command) metrics.observeCommand(command, reply.statusCode, reply.elapsedTime / 1000);
  });
}

/** Admission control (http/admission.ts), with what it does on /metrics: requests in flight, refusals by reason. */
function admitAtTheEdge(adapter: FastifyAdapter, config: EngineConfig, metrics: EngineMetrics): void {
  const refused = new Counter({
    name: 'gov_http_refused_total', help: 'Requests refused at the edge (busy: over MAX_IN_FLIGHT; lagging: the event loop behind LOOP_LAG_TARGET_MS; stopping: after SIGTERM) or dropped because their client had gone',
    labelNames: ['reason'], registers: [metrics.registry],
  });
  const admission = new Admission({ maxInFlight: config.maxInFlight, loopLagTargetMs: config.loopLagTargetMs }, (reason) => refused.inc({ reason }));
  new Gauge({
    name: 'gov_http_in_flight', help: 'Requests this process is working on (at most MAX_IN_FLIGHT)', registers: [metrics.registry],
    collect() {
      this.set(admission.inFlight);
    },
  });
  admission.install(adapter.getInstance());
}
