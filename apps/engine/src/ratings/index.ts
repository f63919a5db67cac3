export { RATINGS } from './ratings.module';
export { RATING_TABLES } from './rating-ledger';
export { DefaultRatings } from './default-ratings';
export { RatingLedgerPolicy } from './rating-ledger.policy';
