import { Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CalendarEvent, CalendarYearState, calendarStreamId, decideCalendarYear, evolveCalendarYear, initialCalendarYearState,
} from '@gov/domain';
import type { FastifyReply } from 'fastify';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { validationFailed } from '../http/validation';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import type { CommandMeta } from '../write/command-meta';
import { CommandRunner } from '../write/commands';
import { CalendarYearRequest } from './calendar.request.dto';

@ApiTags('calendar')
@Controller('api/calendar')
export class CalendarHttpController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: FreshReadModels,
  ) {}

  @Put(':year')
  @ApiOperation({ summary: 'Publish a year\'s working-day calendar, or correct it with a reason' })
  async publish(@Param('year', ParseIntPipe) year: number, @Body() body: CalendarYearRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    if (year < 2000 || year > 2100) throw validationFailed([{ field: 'year', reason: 'must be between 2000 and 2100' }]);
    return answer(reply, await this.runner.run<CalendarYearState, CalendarEvent, unknown>({
      streamId: calendarStreamId(year),
      initialState: initialCalendarYearState,
      evolve: evolveCalendarYear,
      decide: (state) => decideCalendarYear({ type: 'PublishCalendarYear', data: { year, ...body } }, state),
      respond: (state) => ({ status: 200, body: state.status === 'published' ? state.year : null }),
    }, meta));
  }

  @Get(':year')
  @ApiOperation({ summary: 'A published year: holidays, make-up working days, source and how often it was corrected' })
  async get(@Param('year', ParseIntPipe) year: number) {
    const db = await this.readModels.get();
    const row = await db.selectFrom('calendar_years').select(['holidays', 'workdays', 'source', 'corrections'])
      .where('year', '=', year).executeTakeFirst();
    if (!row) throw new NotFoundException({ code: 'CALENDAR.NOT_PUBLISHED', message: `no calendar is published for ${year}` });
    return { year, holidays: JSON.parse(row.holidays), workdays: JSON.parse(row.workdays), source: row.source, corrections: row.corrections };
  }
}
