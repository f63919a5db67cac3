import { Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogQueries } from '@gov/projections';
import type { FastifyReply } from 'fastify';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { validationFailed } from '../http/validation';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { CalendarWatch } from '../infrastructure/calendar-watch';
import type { CommandMeta } from '../write/command-meta';
import { PublishCalendarCommand } from './calendar.command';
import { CalendarYearRequest } from './calendar.request.dto';

@ApiTags('calendar')
@Controller('api/calendar')
export class CalendarHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: FreshReadModels,
    private readonly catalog: CatalogQueries,
    private readonly calendarWatch: CalendarWatch,
  ) {}

  @Get('notices')
  @ApiOperation({ summary: 'The calendar years to publish (from 1 November for the next year) and the open cases counted on a year nobody published' })
  async notices() {
    await this.readModels.waitForFresh();
    return this.calendarWatch.report();
  }

  @Put(':year')
  @ApiOperation({ summary: 'Publish a year\'s working-day calendar, or correct it with a reason' })
  async publish(@Param('year', ParseIntPipe) year: number, @Body() body: CalendarYearRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    if (year < 2000 || year > 2100) throw validationFailed([{ field: 'year', reason: 'must be between 2000 and 2100' }]);
    return answer(reply, await this.commandBus.execute(new PublishCalendarCommand({ type: 'PublishCalendarYear', data: { year, ...body } }, meta)));
  }

  @Get(':year')
  @ApiOperation({ summary: 'A published year: holidays, make-up working days, source and how often it was corrected' })
  async get(@Param('year', ParseIntPipe) year: number) {
    await this.readModels.waitForFresh();
    const published = await this.catalog.calendarYear(year);
    if (!published) throw new NotFoundException({ code: 'CALENDAR.NOT_PUBLISHED', message: `no calendar is published for ${year}` });
    return published;
  }
}
