import { assessCenter, assessDepartment, DEFAULT_ASSESSMENT_RULES } from './annual-assessment';

const spotless = { received: 100, overdue: 0, satisfactionRate: 0.98, immediateShare: 0.6, withinFiveWorkingDaysRate: 0.9, noticesAnsweredLate: 0,
  noticesUnanswered: 0, rectificationsUnanswered: 0, substantiatedComplaints: 0 };

describe('annual assessment (年度目标考核)', () => {
  it('gives full marks to a department that broke no target', () => {
    expect(assessDepartment(spotless)).toEqual({ score: 8, fullScore: 8, deductions: [] });
  });

  it('explains every deduction and caps the per-case ones', () => {
    const result = assessDepartment({ ...spotless, overdue: 9, noticesAnsweredLate: 1, satisfactionRate: 0.85, immediateShare: 0.4, withinFiveWorkingDaysRate: 0.7 });
    expect(result.deductions.map((d) => [d.rule, d.points])).toEqual([
      ['OverdueCases', 3], ['LateNoticeReplies', 0.5], ['LowSatisfaction', 1], ['FiveWorkingDayRateBelowTarget', 1],
    ]);
    expect(result.score).toBe(8 - 3 - 0.5 - 1 - 1);
    expect(result.deductions[0].because).toBe('9 overdue case(s): 0.5 each, at most 3');
  });

  it('never goes below zero and follows a configured rule set', () => {
    expect(assessDepartment({ ...spotless, overdue: 100, substantiatedComplaints: 9, satisfactionRate: 0.1, immediateShare: 0, withinFiveWorkingDaysRate: 0 },
      { ...DEFAULT_ASSESSMENT_RULES, overdueCap: 8 }).score).toBe(0);
    expect(assessDepartment({ ...spotless, overdue: 2 }, { ...DEFAULT_ASSESSMENT_RULES, perOverdueCase: 1 }).score).toBe(6);
  });

  it('does not judge a rate with no cases behind it', () => {
    expect(assessDepartment({ ...spotless, received: 0, satisfactionRate: null, immediateShare: null, withinFiveWorkingDaysRate: null }).score).toBe(8);
  });

  it('costs an unanswered notice at least what a late answer costs, and counts unanswered rectifications of bad ratings', () => {
    const result = assessDepartment({ ...spotless, noticesAnsweredLate: 1, noticesUnanswered: 2, rectificationsUnanswered: 5 });
    expect(result.deductions.map((d) => [d.rule, d.points])).toEqual([['LateNoticeReplies', 0.5], ['UnansweredNotices', 1], ['UnansweredRectifications', 2]]);
    expect(result.score).toBe(8 - 0.5 - 1 - 2);
  });

  it('judges the immediate share on the whole center, never on a department', () => {
    expect(assessDepartment({ ...spotless, immediateShare: 0 }).deductions).toEqual([]);
    expect(assessCenter({ immediateShare: 0.4 })).toEqual({ immediateShare: 0.4, immediateShareThreshold: 0.5, immediateShareMet: false });
    expect(assessCenter({ immediateShare: 0.5 }).immediateShareMet).toBe(true);
    expect(assessCenter({ immediateShare: null }).immediateShareMet).toBeNull();
  });
});
