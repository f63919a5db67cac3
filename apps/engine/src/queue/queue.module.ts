import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { CallNextHandler, DrawTicketHandler, QueueSetupHandler, TicketActionHandler } from './queue.commands';
import { QueueHttpController } from './queue.http.controller';
import { QueueTurns } from './queue-turns';

/** Tickets and calling (排队叫号). */
@Module({})
export class QueueModule {}

export const QUEUE: Feature = {
  module: QueueModule,
  controllers: [QueueHttpController],
  providers: [QueueTurns, QueueSetupHandler, DrawTicketHandler, CallNextHandler, TicketActionHandler],
};
