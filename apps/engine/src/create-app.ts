import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { EngineConfig } from './config/engine.config';
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
import { answerMethodNotAllowed } from './http/method-not-allowed';

/** Builds the engine's HTTP application; main.ts listens, tests use `inject`. */
export async function createApp(options: { logLevel?: string; config?: EngineConfig; clock?: Clock; role?: EngineRole } = {}): Promise<NestFastifyApplication> {
  keepFilesPrivate();
  const logger = createPinoLogger(options.logLevel ?? process.env.LOG_LEVEL ?? 'info');
  // Per-request lines only at debug: at thousands of commands a second they would drown the rest.
  const requestLogger = logger.child({}, { level: logger.level === 'debug' || logger.level === 'trace' ? logger.level : 'warn' });
  const adapter = new FastifyAdapter({ loggerInstance: requestLogger, bodyLimit: 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(EngineModule.register(options), adapter, { logger: new PinoNestLogger(logger), bufferLogs: false, bodyParser: false });
  // Nest's own body parser is off (bodyParser: false): JSON bodies go through the depth-limited one.
  limitJsonDepth(adapter.getInstance());
  acceptDocumentBodies(adapter.getInstance());
  addSecurityHeaders(adapter.getInstance());
  if (servesApi(options.role ?? 'all')) answerMethodNotAllowed(adapter.getInstance());
  countCommands(adapter, app.get(EngineMetrics));
  if (servesApi(options.role ?? 'all')) stampCommandTime(adapter.getInstance(), app.get(Clock));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  // The projector and watcher roles serve /health, /ready and /metrics only.
  if (servesApi(options.role ?? 'all')) serveApi(app);
  await app.init();
  return app;
}

/** The API's documentation at /docs and the pages (hall screen, dashboard, lookup). */
function serveApi(app: NestFastifyApplication): void {
  const document = completeDocument(SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('County government service center — case engine')
    .setDescription('Commands and read models of the 政务服务中心 case-workflow engine. Errors: 400 VALIDATION.FAILED names each field; 404/409/422 carry a stable rule code.')
    .setVersion('0.1.0')
    // Every /api route but the hall screen and the applicant sign-in takes a bearer token (README: Identity and access).
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build()));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  servePages(app);
}

/** Every answered command, refused and failed ones included (validation, auth, rules), counted and timed once, by route. */
function countCommands(adapter: FastifyAdapter, metrics: EngineMetrics): void {
  adapter.getInstance().addHook('onResponse', async (request, reply) => {
    const command = commandRoute(request.method, request.routeOptions.url);
    if (command) metrics.observeCommand(command, reply.statusCode, reply.elapsedTime / 1000);
  });
}
