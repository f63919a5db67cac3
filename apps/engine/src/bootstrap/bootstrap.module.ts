import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { BootstrapService } from './bootstrap.service';

/** The first start: the default calendar as events, the demo catalog in an empty store. */
@Module({})
export class BootstrapModule {}

export const BOOTSTRAP: Feature = { module: BootstrapModule, apiProviders: [BootstrapService] };
