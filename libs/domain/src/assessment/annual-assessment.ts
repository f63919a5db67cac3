/**
 * The annual key-target assessment (年度目标考核): each department with licensing items is
 * scored out of 8 points by the center. The score is computed from the year's figures with
 * a configurable rule set; every deduction names its rule and the figure behind it.
 */
export interface AssessmentRules {
  readonly fullScore: number;
  /** Points off per overdue case (超期), up to a cap. */
  readonly perOverdueCase: number;
  readonly overdueCap: number;
  /** Points off per supervision notice answered after its deadline, up to a cap. */
  readonly perLateNoticeReply: number;
  readonly lateNoticeReplyCap: number;
  /** Points off when the satisfaction rate is below the threshold. */
  readonly satisfactionThreshold: number;
  readonly lowSatisfaction: number;
  /** Points off when fewer than this share of cases are immediate (即办件 ≥ 50%). */
  readonly immediateShareThreshold: number;
  readonly lowImmediateShare: number;
  /** Points off when fewer than this share of ordinary promised cases finish within 5 working days (≥ 80%). */
  readonly fiveDayThreshold: number;
  readonly lowFiveDayRate: number;
  /** Points off per substantiated complaint (from the discipline window), up to a cap. */
  readonly perSubstantiatedComplaint: number;
  readonly complaintCap: number;
}

export const DEFAULT_ASSESSMENT_RULES: AssessmentRules = {
  fullScore: 8,
  perOverdueCase: 0.5,
  overdueCap: 3,
  perLateNoticeReply: 0.5,
  lateNoticeReplyCap: 2,
  satisfactionThreshold: 0.9,
  lowSatisfaction: 1,
  immediateShareThreshold: 0.5,
  lowImmediateShare: 1,
  fiveDayThreshold: 0.8,
  lowFiveDayRate: 1,
  perSubstantiatedComplaint: 1,
  complaintCap: 3,
};

/** The year's facts about one department that the rules read. */
export interface DepartmentYear {
  readonly received: number;
  readonly overdue: number;
  readonly satisfactionRate: number | null;
  readonly immediateShare: number | null;
  readonly withinFiveWorkingDaysRate: number | null;
  readonly noticesAnsweredLate: number;
  readonly substantiatedComplaints: number;
}

export interface Deduction {
  readonly rule: string;
  readonly points: number;
  readonly because: string;
}

export interface Assessment {
  readonly score: number;
  readonly fullScore: number;
  readonly deductions: readonly Deduction[];
}

export function assessDepartment(year: DepartmentYear, rules: AssessmentRules = DEFAULT_ASSESSMENT_RULES): Assessment {
  const deductions = [
    perItem('OverdueCases', year.overdue, rules.perOverdueCase, rules.overdueCap, `${year.overdue} overdue case(s)`),
    perItem('LateNoticeReplies', year.noticesAnsweredLate, rules.perLateNoticeReply, rules.lateNoticeReplyCap,
      `${year.noticesAnsweredLate} supervision notice(s) answered late`),
    below('LowSatisfaction', year.satisfactionRate, rules.satisfactionThreshold, rules.lowSatisfaction, 'satisfaction'),
    below('ImmediateShareBelowHalf', year.immediateShare, rules.immediateShareThreshold, rules.lowImmediateShare, 'immediate share'),
    below('FiveWorkingDayRateBelowTarget', year.withinFiveWorkingDaysRate, rules.fiveDayThreshold, rules.lowFiveDayRate,
      'share of ordinary promised cases within 5 working days'),
    perItem('SubstantiatedComplaints', year.substantiatedComplaints, rules.perSubstantiatedComplaint, rules.complaintCap,
      `${year.substantiatedComplaints} substantiated complaint(s)`),
  ].filter((deduction): deduction is Deduction => deduction !== null);
  const lost = deductions.reduce((sum, deduction) => sum + deduction.points, 0);
  return { score: round2(Math.max(0, rules.fullScore - lost)), fullScore: rules.fullScore, deductions };
}

function perItem(rule: string, count: number, each: number, cap: number, because: string): Deduction | null {
  const points = Math.min(count * each, cap);
  return points > 0 ? { rule, points: round2(points), because: `${because}: ${each} each, at most ${cap}` } : null;
}

/** A rate with no cases behind it (null) costs nothing: there is nothing to judge. */
function below(rule: string, rate: number | null, threshold: number, points: number, what: string): Deduction | null {
  if (rate === null || rate >= threshold || points === 0) return null;
  return { rule, points, because: `${what} ${(rate * 100).toFixed(1)}% is below ${(threshold * 100).toFixed(0)}%` };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
