import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { FeeHandler, ItemHandler } from './catalog.handlers';
import { CatalogHttpController } from './catalog.http.controller';
import { GuideHttpController } from './guide.http.controller';

/** The catalog of items (事项) and the fee catalog (收费目录). */
@Module({})
export class CatalogModule {}

export const CATALOG: Feature = { module: CatalogModule, controllers: [CatalogHttpController, GuideHttpController], providers: [ItemHandler, FeeHandler] };
