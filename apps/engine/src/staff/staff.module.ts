import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { StaffActionHandler } from './staff.command';
import { StaffHttpController } from './staff.http.controller';
import { StaffLookup } from './staff-lookup';
import { StaffReturnPolicy } from './staff-return.policy';

/** Window staff: postings, authorizations for items, returns to the department. */
@Module({})
export class StaffModule {}

export const STAFF: Feature = { module: StaffModule, controllers: [StaffHttpController], providers: [StaffLookup, StaffActionHandler], policies: [StaffReturnPolicy] };
