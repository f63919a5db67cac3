import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { queuesOfWindow, shanghaiDateOf, TicketCommand, QueueDefinition } from '@gov/domain';
import { QueueQueries } from '@gov/projections';
import type { FastifyReply } from 'fastify';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { ReferenceData } from '../infrastructure/reference-data';
import type { CommandMeta } from '../write/command-meta';
import { CallNextCommand, DrawTicketCommand, QueueSetupActionCommand, TicketActionCommand } from './queue.commands';
import { queueBoard } from './queue-board';
import {
  BookAppointmentRequest, DefineQueueRequest, DrawTicketRequest, QueueFiguresQuery, TransferTicketRequest, WindowActionRequest, WindowQueuesRequest,
} from './queue.request.dto';

/** Tickets and calling (排队叫号): the kiosk, the online appointments, the windows' calling panels, the hall screen, the figures. */
@ApiTags('queue')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
@Controller('api/queue')
export class QueueHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly reference: ReferenceData,
    private readonly readModels: FreshReadModels,
    private readonly queue: QueueQueries,
    private readonly clock: Clock,
  ) {}

  @Get('queues')
  @ApiOperation({ summary: 'The hall\'s queues: prefix, departments, the windows that call from each (public: the kiosk and the hall screen show them)' })
  async queues() {
    const { queueSetup, organization } = await this.reference.current();
    return [...queueSetup.queues.values()].map((queue) => ({
      ...queue,
      departments: queue.departmentIds.map((id) => ({ id, name: organization.departments.get(id)?.name ?? id })),
      windows: [...organization.windows.values()]
        .filter((w) => queuesOfWindow(queueSetup, organization, w.id).some((q) => q.queueId === queue.queueId)).map((w) => ({ id: w.id, name: w.name })),
    }));
  }

  @Post('queues')
  @ApiOperation({ summary: 'Define a queue: its ticket prefix and the departments it takes' })
  async define(@Body() body: DefineQueueRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { organization } = await this.reference.current();
    return answer(reply, await this.commandBus.execute(new QueueSetupActionCommand({ type: 'DefineQueue', data: { ...body, organization } }, meta, 201)));
  }

  @Put('windows/:id/queues')
  @ApiOperation({ summary: 'Set the queues a window calls from (a comprehensive window, 综合窗口: several); by default its department\'s' })
  async setWindowQueues(@Param('id') windowId: string, @Body() body: WindowQueuesRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { organization } = await this.reference.current();
    return answer(reply, await this.commandBus.execute(new QueueSetupActionCommand({ type: 'SetWindowQueues', data: { windowId, queueIds: body.queueIds, organization } }, meta)));
  }

  @Post('tickets')
  @ApiOperation({ summary: 'Draw a ticket at the kiosk (取号), for an item or a department, for today: the number and how many wait ahead' })
  async draw(@Body() body: DrawTicketRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new DrawTicketCommand({ itemCode: body.itemCode, departmentId: body.departmentId, channel: 'kiosk', appointment: null }, meta)));
  }

  @Post('appointments')
  @ApiOperation({ summary: 'Book an appointment (预约) through the online channel: a ticket of the slot\'s day, called first from the slot\'s start' })
  async book(@Body() body: BookAppointmentRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const appointment = { from: new Date(body.slot.from).toISOString(), to: new Date(body.slot.to).toISOString() };
    return answer(reply, await this.commandBus.execute(new DrawTicketCommand({ itemCode: body.itemCode, departmentId: body.departmentId, channel: 'online', appointment }, meta)));
  }

  @Post('windows/:id/call-next')
  @HttpCode(200)
  @ApiOperation({ summary: 'The window calls the next ticket it can serve: transferred to it, then appointments from their slot, then walk-ins (409 QUEUE.NOTHING_WAITING)' })
  async callNext(@Param('id') windowId: string, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new CallNextCommand(windowId, meta)));
  }

  @Get('windows/:id')
  @ApiOperation({ summary: 'A window\'s calling panel: the ticket standing at it and what waits in its queues' })
  async panel(@Param('id') windowId: string) {
    const { queueSetup, organization } = await this.reference.current();
    await this.readModels.waitForFresh();
    const queues = queuesOfWindow(queueSetup, organization, windowId);
    const panel = await this.queue.windowPanel(windowId, queues.map((q) => q.queueId), this.today());
    return { windowId, windowName: organization.windows.get(windowId)?.name ?? null, ...panel,
      waiting: panel.waiting.map((w) => ({ ...w, name: queueSetup.queues.get(w.queueId)?.name ?? w.queueId })) };
  }

  @Post('tickets/:ticketId/recall')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call the ticket standing at the window again (重呼)' })
  async recall(@Param('ticketId') ticketId: string, @Body() body: WindowActionRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(ticketId, (ticketNo) => ({ type: 'RecallTicket', data: { ticketNo, windowId: body.windowId } }), meta, reply);
  }

  @Post('tickets/:ticketId/no-show')
  @HttpCode(200)
  @ApiOperation({ summary: 'The called applicant did not come (过号)' })
  async noShow(@Param('ticketId') ticketId: string, @Body() body: WindowActionRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(ticketId, (ticketNo) => ({ type: 'MarkNoShow', data: { ticketNo, windowId: body.windowId } }), meta, reply);
  }

  @Post('tickets/:ticketId/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the ticket to another window of its queue (转窗): that window calls it first' })
  async transfer(@Param('ticketId') ticketId: string, @Body() body: TransferTicketRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { queueSetup, organization } = await this.reference.current();
    return this.act(ticketId, (ticketNo, queue) => ({
      type: 'TransferTicket',
      data: { ticketNo, windowId: body.windowId, toWindowId: body.toWindowId,
        targetServesQueue: queuesOfWindow(queueSetup, organization, body.toWindowId).some((q) => q.queueId === queue.queueId) },
    }), meta, reply);
  }

  @Get('board')
  @ApiOperation({ summary: 'Today\'s queues with their waiting counts and the latest calls (public: the hall screen)' })
  async board() {
    await this.readModels.waitForFresh();
    return queueBoard(await this.reference.current(), this.queue, this.today());
  }

  @Get('figures')
  @ApiOperation({ summary: 'Tickets, called, served (a case opened), no-shows, waited minutes (median, p90) by queue, window and hour of day, for days from..to' })
  async figures(@Query() query: QueueFiguresQuery) {
    await this.readModels.waitForFresh();
    return this.queue.figures(query);
  }

  private async act(ticketId: string, command: (ticketNo: string, queue: QueueDefinition) => TicketCommand, meta: CommandMeta, reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new TicketActionCommand(ticketId, command, meta)));
  }

  private today(): string {
    return shanghaiDateOf(this.clock.now().toISOString());
  }
}
