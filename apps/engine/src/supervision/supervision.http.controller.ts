import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DeadlineQueries } from '@gov/projections';
import { FreshReadModels } from '../queries/fresh-read-models';

const MAX_ROWS = 1000;

/** The efficiency office's (效能办) view of deadlines. */
@ApiTags('supervision')
@Controller('api/supervision')
export class SupervisionHttpController {
  constructor(
    private readonly readModels: FreshReadModels,
    private readonly deadlines: DeadlineQueries,
  ) {}

  @Get('overdue')
  @ApiOperation({ summary: 'Open overdue cases (red card recorded), the longest overdue first' })
  @ApiQuery({ name: 'limit', required: false })
  async overdue(@Query('limit') limit?: string) {
    await this.readModels.get();
    const n = Number(limit);
    return this.deadlines.overdue(Number.isInteger(n) && n > 0 ? Math.min(n, MAX_ROWS) : MAX_ROWS);
  }
}
