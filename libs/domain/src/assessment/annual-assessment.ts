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
  /** Points off per supervision notice opened in the year and never answered by its deadline, up to a cap. */
  readonly perUnansweredNotice: number;
  readonly unansweredNoticeCap: number;
  /** Points off per rectification of a bad rating opened in the year and not answered by its deadline, up to a cap. */
  readonly perUnansweredRectification: number;
  readonly unansweredRectificationCap: number;
  /**
   * The center's target: at least this share of all its cases immediate (即办件 ≥ 50%). The seed
   * states it for the whole center, so it is judged on the center's share and costs no department
   * points (a department without immediate items could not meet it whatever it did).
   */
  readonly immediateShareThreshold: number;
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
  perUnansweredNotice: 0.5,
  unansweredNoticeCap: 2,
  perUnansweredRectification: 0.5,
  unansweredRectificationCap: 2,
  immediateShareThreshold: 0.5,
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
  /** Notices opened in the year and still unanswered when their reply deadline passed (as of the year's end, or now). */
  readonly noticesUnanswered: number;
  /** Rectifications of bad ratings opened in the year and still unanswered when their deadline passed. */
  readonly rectificationsUnanswered: number;
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
    perItem('UnansweredNotices', year.noticesUnanswered, rules.perUnansweredNotice, rules.unansweredNoticeCap,
      `${year.noticesUnanswered} supervision notice(s) not answered by their deadline`),
    perItem('UnansweredRectifications', year.rectificationsUnanswered, rules.perUnansweredRectification, rules.unansweredRectificationCap,
      `${year.rectificationsUnanswered} rectification(s) of bad ratings not answered by their deadline`),
    below('FiveWorkingDayRateBelowTarget', year.withinFiveWorkingDaysRate, rules.fiveDayThreshold, rules.lowFiveDayRate,
      'share of ordinary promised cases within 5 working days'),
    perItem('SubstantiatedComplaints', year.substantiatedComplaints, rules.perSubstantiatedComplaint, rules.complaintCap,
      `${year.substantiatedComplaints} substantiated complaint(s)`),
  ].filter((deduction): deduction is Deduction => deduction !== null);
  const lost = deductions.reduce((sum, deduction) => sum + deduction.points, 0);
  return { score: round2(Math.max(0, rules.fullScore - lost)), fullScore: rules.fullScore, deductions };
}

/** The center's own targets, judged on the whole center's figures (no department's score). */
export interface CenterTargets {
  readonly immediateShare: number | null;
  readonly immediateShareThreshold: number;
  /** Null when the center had no case: nothing to judge. */
  readonly immediateShareMet: boolean | null;
}

export function assessCenter(center: { readonly immediateShare: number | null }, rules: AssessmentRules = DEFAULT_ASSESSMENT_RULES): CenterTargets {
  const met = center.immediateShare === null ? null : center.immediateShare >= rules.immediateShareThreshold;
  return { immediateShare: center.immediateShare, immediateShareThreshold: rules.immediateShareThreshold, immediateShareMet: met };
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
