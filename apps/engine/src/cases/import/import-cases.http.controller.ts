import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Meta } from '../../http/command-meta.decorator';
import type { CommandMeta } from '../../write/command-meta';
import { ImportCasesRequest } from './import-cases.request.dto';
import { ImportCasesCommand } from './import-cases.command';
import type { ImportResult } from './import-cases.handler';

@ApiTags('import')
@Controller('api/import')
export class ImportCasesHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('cases')
  @HttpCode(200)
  @ApiOperation({ summary: 'Migrate whole case histories from a legacy system, checked by the same rules; each case is all or nothing' })
  async importCases(@Body() body: ImportCasesRequest, @Meta() meta: CommandMeta) {
    const results: ImportResult[] = await this.commandBus.execute(new ImportCasesCommand(body.cases, meta));
    return {
      imported: results.filter((r) => r.status === 'imported').length,
      rejected: results.filter((r) => r.status === 'rejected').length,
      results,
    };
  }
}
