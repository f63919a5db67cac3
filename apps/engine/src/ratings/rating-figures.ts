import { RATING_LEVELS, RatingLevel, SATISFIED_LEVELS } from '@gov/domain';
import type { FollowUpRow, LedgerRow } from './rating-ledger';

export const FIGURE_DIMENSIONS = ['staff', 'window', 'department', 'channel'] as const;
export type FigureDimension = (typeof FIGURE_DIMENSIONS)[number];

export interface RatingFigures {
  /** The staff member, window, department or channel; `—` for cases without one (an online case has no window). */
  readonly key: string;
  readonly rated: number;
  readonly levels: Readonly<Record<RatingLevel, number>>;
  readonly satisfied: number;
  /** Satisfied (非常满意, 满意, 基本满意) over rated, 4 decimals; null with nothing rated. */
  readonly satisfactionRate: number | null;
  readonly bad: number;
  /** Rated by default (默认好评), counted in `rated` and `satisfied` as the rule says, shown apart. */
  readonly byDefault: number;
}

/**
 * A month's ratings by staff member, window, department or channel. The staff member and the
 * channel are counted by their own rating when the applicant gave one, else by the case's.
 */
export function ratingFigures(rows: readonly LedgerRow[], by: FigureDimension | 'all'): RatingFigures[] {
  const groups = new Map<string, { levels: Record<RatingLevel, number>; byDefault: number }>();
  for (const row of rows) {
    const key = by === 'all' ? 'all' : keyOf(row, by);
    const level = (by === 'staff' ? row.staff_level ?? row.level : by === 'channel' ? row.channel_level ?? row.level : row.level) as RatingLevel | null;
    if (!level) continue;
    const group = groups.get(key) ?? { levels: Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>, byDefault: 0 };
    group.levels[level] += 1;
    group.byDefault += row.by_default ? 1 : 0;
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, { levels, byDefault }]) => {
    const rated = RATING_LEVELS.reduce((sum, level) => sum + levels[level], 0);
    const satisfied = SATISFIED_LEVELS.reduce((sum, level) => sum + levels[level], 0);
    return {
      key, rated, levels, satisfied, satisfactionRate: rated === 0 ? null : Math.round((satisfied / rated) * 10_000) / 10_000,
      bad: levels.dissatisfied + levels['very-dissatisfied'], byDefault,
    };
  });
}

function keyOf(row: LedgerRow, by: FigureDimension): string {
  const value = { staff: row.staff_id, window: row.window_id, department: row.department_id, channel: row.channel }[by];
  return value ?? '—';
}

/**
 * What the guide publishes for a closed month (评价结果公开): by department and by channel, and how
 * the bad ratings were followed up. No person: no applicant, no case, no staff member.
 */
export function publishedFigures(month: string, rows: readonly LedgerRow[], visits: readonly FollowUpRow[]) {
  const [all] = ratingFigures(rows, 'all');
  return {
    month,
    total: all ?? ratingFigures([], 'all')[0] ?? null,
    departments: ratingFigures(rows, 'department'),
    channels: ratingFigures(rows, 'channel'),
    badRatingsFollowedUp: {
      opened: visits.length,
      visited: visits.filter((visit) => visit.visited_at !== null).length,
      visitedInTime: visits.filter((visit) => visit.visited_at !== null && !visit.late).length,
      confirmed: visits.filter((visit) => visit.confirmed_at !== null).length,
      accepted: visits.filter((visit) => visit.accepted === 1).length,
    },
  };
}
