import { RuleViolation } from '../shared';
import { procedureMustBeLawful, procedureOf, step } from './procedure';

const promised = { category: 'promised' as const, promisedLimitDays: 10 };
const code = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return (error as RuleViolation).code;
  }
  return null;
};

describe('a procedure as data', () => {
  it('derives acceptance, review, decision and delivery from a promised item without steps', () => {
    expect(procedureOf(promised).map((s) => [s.id, s.role, s.limitDays, s.remoteAllowed])).toEqual([
      ['acceptance', 'window-staff', 0, false], ['review', 'reviewer', 9, true], ['decision', 'approver', 1, true], ['delivery', 'window-staff', 0, false],
    ]);
    expect(procedureOf({ category: 'promised', promisedLimitDays: 1 }).map((s) => s.limitDays)).toEqual([0, 1, 0, 0]);
  });

  it('gives an immediate item one step', () => {
    expect(procedureOf({ category: 'immediate', promisedLimitDays: 0 })).toHaveLength(1);
  });

  it("keeps the item's own steps", () => {
    const steps = [step('acceptance', 1), step('review', 3), step('review', 2, { id: 'review-2', name: '复审' }), step('decision', 2), step('delivery', 1)];
    expect(procedureOf({ ...promised, steps })).toBe(steps);
    expect(code(() => procedureMustBeLawful({ ...promised, steps }))).toBeNull();
  });

  it('refuses steps longer than the promised limit, missing or out of order, or decided by another than the approver', () => {
    const four = [step('acceptance', 0), step('review', 5), step('decision', 2), step('delivery', 0)];
    expect(code(() => procedureMustBeLawful({ ...promised, steps: four.map((s) => ({ ...s, limitDays: 3 })) }))).toBe('PROCEDURE.STEPS_EXCEED_PROMISED_LIMIT');
    expect(code(() => procedureMustBeLawful({ ...promised, steps: four.slice(0, 3) }))).toBe('PROCEDURE.STEP_MISSING');
    expect(code(() => procedureMustBeLawful({ ...promised, steps: [four[0]!, four[2]!, four[1]!, four[3]!] }))).toBe('PROCEDURE.STEPS_OUT_OF_ORDER');
    expect(code(() => procedureMustBeLawful({ ...promised, steps: [four[0]!, four[1]!, { ...four[2]!, role: 'reviewer' }, four[3]!] })))
      .toBe('PROCEDURE.DECISION_NOT_BY_APPROVER');
    expect(code(() => procedureMustBeLawful({ ...promised, steps: [four[0]!, four[1]!, four[1]!, four[2]!, four[3]!] }))).toBe('PROCEDURE.DUPLICATE_STEP');
    expect(code(() => procedureMustBeLawful({ category: 'immediate', promisedLimitDays: 0, steps: [step('acceptance', 0), step('delivery', 0)] })))
      .toBe('PROCEDURE.IMMEDIATE_WITH_STEPS');
  });
});
