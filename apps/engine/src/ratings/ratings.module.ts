import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { DefaultRatings } from './default-ratings';
import { FollowUpStepHandler, OpenFollowUpHandler } from './follow-up.commands';
import { RatingLedgerPolicy } from './rating-ledger.policy';
import { RatingsHttpController } from './ratings.http.controller';

/** The rating loop (好差评, GB/T 39735-2020): figures, default ratings, follow-up visits of bad ratings, monthly publication. */
@Module({})
export class RatingsModule {}

export const RATINGS: Feature = {
  module: RatingsModule,
  controllers: [RatingsHttpController],
  providers: [OpenFollowUpHandler, FollowUpStepHandler],
  policies: [RatingLedgerPolicy, DefaultRatings],
};
