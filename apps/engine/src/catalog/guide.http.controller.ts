import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ItemTerms, queueOfDepartment, queuesOfWindow, RuleViolation } from '@gov/domain';
import { CatalogQueries } from '@gov/projections';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { ReferenceData } from '../infrastructure/reference-data';

type PublishedItem = ItemTerms & { readonly code: string; readonly version: number; readonly status: string };
type FeeEntryRow = { readonly code: string; readonly name: string; readonly basis: string; readonly level: string; readonly standardAmountFen: number };

/** Longest search text: a name or a keyword, not a document. */
const MAX_QUERY = 50;

/**
 * The public service guide (办事指南): the published catalog as a citizen reads it, without a
 * token — every field comes from the catalog's read model and the organization, nothing is
 * typed twice. Withdrawn items are not in the guide.
 */
@ApiTags('guide')
@Controller('api/guide')
export class GuideHttpController {
  constructor(private readonly readModels: FreshReadModels, private readonly catalog: CatalogQueries, private readonly reference: ReferenceData) {}

  @Get('items')
  @ApiOperation({ summary: 'Search the published items by name, code, department or keyword (legal basis, materials, procedure); public' })
  @ApiQuery({ name: 'q', required: false, description: 'Words to find, up to 50 characters' })
  @ApiQuery({ name: 'departmentId', required: false })
  async search(@Query('q') q?: string, @Query('departmentId') departmentId?: string) {
    const words = typeof q === 'string' ? q.trim().slice(0, MAX_QUERY).split(/\s+/).filter(Boolean) : [];
    await this.readModels.waitForFresh();
    const names = await this.departmentNames();
    const items = (await this.published()).filter((item) => (typeof departmentId !== 'string' || departmentId === '' || item.departmentId === departmentId)
      && words.every((word) => searchText(item, names.get(item.departmentId)).includes(word.toLowerCase())));
    return {
      departments: [...names].map(([id, name]) => ({ id, name })),
      items: items.map((item) => ({
        code: item.code, name: item.name, departmentId: item.departmentId, departmentName: names.get(item.departmentId) ?? item.departmentId,
        category: item.category, legalLimitDays: item.legalLimitDays, promisedLimitDays: item.promisedLimitDays, charged: item.fees.length > 0,
      })),
    };
  }

  @Get('items/:code')
  @ApiOperation({ summary: 'An item\'s guide: legal basis, materials, procedure, limits (legal and promised), fees with their basis, where to apply, appointments; public' })
  async item(@Param('code') code: string) {
    await this.readModels.waitForFresh();
    const item = (await this.published()).find((candidate) => candidate.code === code);
    if (!item) throw new RuleViolation('GUIDE.NOT_FOUND', 'GuideShowsPublishedItems', `no published item ${code}`, 'not-found');
    const [departments, fees, { queueSetup, organization }] = await Promise.all([this.catalog.departments(), this.catalog.fees(), this.reference.current()]);
    const department = departments.find((d) => d.id === item.departmentId);
    const queue = queueOfDepartment(queueSetup, item.departmentId);
    const feeEntries = new Map((fees as FeeEntryRow[]).map((fee) => [fee.code, fee]));
    // The department's windows, and any window (a comprehensive one) set to call from its queue.
    const windows = [...organization.windows.values()].filter((w) => w.departmentId === item.departmentId
      || (queue !== undefined && queuesOfWindow(queueSetup, organization, w.id).some((q) => q.queueId === queue.queueId)));
    return {
      code: item.code, version: item.version, name: item.name, category: item.category,
      department: { id: item.departmentId, name: department?.name ?? item.departmentId },
      legalBasis: item.legalBasis, materials: item.materials, procedure: item.procedure, specialProcedures: item.specialProcedures,
      legalLimitDays: item.legalLimitDays, promisedLimitDays: item.promisedLimitDays,
      fees: item.fees.map((line) => {
        const entry = feeEntries.get(line.feeCode);
        return { feeCode: line.feeCode, amountFen: line.amountFen, name: entry?.name ?? line.feeCode, basis: entry?.basis ?? null, level: entry?.level ?? null };
      }),
      where: {
        windows: windows.map((w) => ({ id: w.id, name: w.name })),
        subCenters: (department?.subCenters ?? []).map((s) => ({ id: s.id, name: s.name })),
        // Every item may be applied for online (网上受理): the engine receives any published item on the online channel.
        online: true,
      },
      appointment: queue ? { possible: true, queueName: queue.name, prefix: queue.prefix } : { possible: false },
    };
  }

  @Get('departments')
  @ApiOperation({ summary: 'The departments with published items, for the guide\'s filter; public' })
  async departments() {
    await this.readModels.waitForFresh();
    return [...(await this.departmentNames())].map(([id, name]) => ({ id, name }));
  }

  private async published(): Promise<PublishedItem[]> {
    return ((await this.catalog.items()) as PublishedItem[]).filter((item) => item.status === 'published');
  }

  private async departmentNames(): Promise<Map<string, string>> {
    const published = new Set((await this.published()).map((item) => item.departmentId));
    return new Map((await this.catalog.departmentNames()).filter((d) => published.has(d.id)).map((d) => [d.id, d.name]));
  }
}

function searchText(item: PublishedItem, departmentName: string | undefined): string {
  return [item.code, item.name, departmentName ?? '', item.legalBasis, ...item.materials, ...item.procedure].join(' ').toLowerCase();
}
