import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { AssessmentHttpController } from './assessment.http.controller';
import { DeadlineWatcher } from './deadline-watcher';
import { SupervisionFeedHttpController } from './supervision-feed.http.controller';
import { SupervisionNoticePolicy } from './supervision-notice.policy';
import { NoticeActionHandler, OpenNoticeHandler, RecordVisitHandler } from './supervision.commands';
import { SupervisionHttpController } from './supervision.http.controller';

/** The efficiency office (效能办): deadlines watched, cards, supervision notices, visits, the annual assessment. */
@Module({})
export class SupervisionModule {}

export const SUPERVISION: Feature = {
  module: SupervisionModule,
  controllers: [SupervisionHttpController, SupervisionFeedHttpController, AssessmentHttpController],
  providers: [OpenNoticeHandler, NoticeActionHandler, RecordVisitHandler],
  policies: [DeadlineWatcher, SupervisionNoticePolicy],
};
