import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post, Get } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ReceiveCaseRequest } from '../apps/engine/src/cases/receive/receive-case.request.dto';
import { createValidationPipe } from '../apps/engine/src/http/validation';

/**
 * The framework's floor: NestJS on Fastify with the engine's own validation pipe and its
 * receive-case request class, answering a small JSON object; no guard, command bus, domain or
 * store. What the engine's command rate can be read against (limits benchmark; PORT from the
 * environment). The gap between this and bench/bare-server.ts is NestJS and validation.
 */
@Controller()
class FloorController {
  @Post('api/cases')
  @HttpCode(201)
  receive(@Body() body: ReceiveCaseRequest): { caseNo: string; category: string } {
    return { caseNo: `${body.itemCode}-00001`, category: 'promised' };
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter({ logger: false }), { logger: false });
  app.useGlobalPipes(createValidationPipe());
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
