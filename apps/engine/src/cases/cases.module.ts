import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { BankReceiptHandler } from './actions/bank-receipt.command';
import { CaseActionHandler } from './actions/case-action.handler';
import { CaseActionsHttpController } from './actions/case-actions.http.controller';
import { CaseLegalStepsHttpController } from './actions/case-legal-steps.http.controller';
import { CaseQueriesHttpController } from './case-queries.http.controller';
import { CaseFeesHttpController } from './fees/case-fees.http.controller';
import { ImportCasesHandler } from './import/import-cases.handler';
import { ImportCasesHttpController } from './import/import-cases.http.controller';
import { ReceiveCaseHandler } from './receive/receive-case.handler';
import { ReceiveCaseHttpController } from './receive/receive-case.http.controller';
import { WatchedCaseHandler } from './watch/watched-case.command';

/** Cases (办件): receipt, every step of their life, legacy import, and the case's own view. */
@Module({})
export class CasesModule {}

export const CASES: Feature = {
  module: CasesModule,
  controllers: [ReceiveCaseHttpController, CaseActionsHttpController, CaseQueriesHttpController, ImportCasesHttpController, CaseFeesHttpController, CaseLegalStepsHttpController],
  providers: [ReceiveCaseHandler, CaseActionHandler, BankReceiptHandler, ImportCasesHandler, WatchedCaseHandler],
};
