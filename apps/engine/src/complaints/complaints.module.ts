import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { AutomaticComplaintsPolicy } from './automatic-complaints.policy';
import { ComplaintActionHandler, FileComplaintHandler, OpenComplaintHandler } from './complaint.commands';
import { ComplaintTargets } from './complaint-targets';
import { ComplaintsHttpController } from './complaints.http.controller';
import { AnswerRectificationHandler, OpenRectificationHandler } from './rectification.commands';
import { RectificationPolicy } from './rectification.policy';

/** The discipline window (纪检监察): complaint files, the files it opens by itself, rectifications of bad ratings. */
@Module({})
export class ComplaintsModule {}

export const COMPLAINTS: Feature = {
  module: ComplaintsModule,
  controllers: [ComplaintsHttpController],
  providers: [ComplaintTargets, FileComplaintHandler, OpenComplaintHandler, ComplaintActionHandler, OpenRectificationHandler, AnswerRectificationHandler],
  policies: [AutomaticComplaintsPolicy, RectificationPolicy],
};
