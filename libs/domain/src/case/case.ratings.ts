import { RatingLevel } from './case.types';
import { CaseRecord } from './case.types';

/** What an unrated completed case counts as once the period for rating it has passed (默认好评): satisfied. */
export const DEFAULT_RATING: RatingLevel = 'satisfied';

/** Sent by the engine for a completed case left unrated past the period; records nothing when the case was rated meanwhile. */
export type RateByDefault = { readonly type: 'RateByDefault'; readonly data: Record<string, never> };

export function rateByDefault(state: CaseRecord, at: string) {
  if (state.status !== 'completed' || state.rating !== null) return [];
  return [{ type: 'CaseRated' as const, data: { at, level: DEFAULT_RATING, comment: null, staffLevel: null, channelLevel: null, byDefault: true } }];
}
