import type { Principal } from '../../apps/engine/src/auth/roles';
import { ManualClock } from '../../apps/engine/src/infrastructure/clock';
import { DefaultRatings, RatingLedgerPolicy } from '../../apps/engine/src/ratings';
import { RectificationPolicy } from '../../apps/engine/src/complaints/rectification.policy';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';
import { sh } from '../support/engine-per-test';

const clerk: Principal = { subject: 'clerk-zrzy', role: 'window-staff', departmentId: 'zrzy', windowId: 'w-zrzy' };
const head: Principal = { subject: 'head-zrzy', role: 'department-head', departmentId: 'zrzy' };
const office: Principal = { subject: 'eo-1', role: 'efficiency-office' };
const applicantOf = (caseNo: string): Principal => ({ subject: `applicant:${caseNo}`, role: 'applicant', caseNo });

describe('the rating loop (好差评)', () => {
  let engine: TestEngine;
  const clock = new ManualClock(sh('2026-04-07 09:00'));
  const as = async (who: Principal) => ({ authorization: await engine.authorization(who) });
  const call = async (who: Principal, method: 'GET' | 'POST', url: string, body?: unknown) => engine.request(method, url, body, await as(who));
  const completedCase = async () => {
    const { caseNo } = (await call(clerk, 'POST', '/api/cases', {
      itemCode: 'ZRZY-002', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '钱七', phone: '13900003333' }, materials: ['申请书'],
    })).body;
    expect((await call(clerk, 'POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予许可' })).status).toBe(200);
    return caseNo as string;
  };
  const caughtUp = async () => {
    await engine.app.get(RectificationPolicy).caughtUp();
    // Twice: a bad rating's pass opens the follow-up (a new event), the next reads it.
    await engine.app.get(RatingLedgerPolicy).caughtUp();
    await engine.app.get(RatingLedgerPolicy).caughtUp();
  };
  let good: string;
  let bad: string;
  let unrated: string;

  beforeAll(async () => {
    engine = await startEngine({ clock, config: { ratings: { defaultPollMs: 0 } } });
    good = await completedCase();
    bad = await completedCase();
    unrated = await completedCase();
  });
  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('rates the case, the staff member and the channel; a bad rating opens a rectification and a follow-up visit due in 3 working days', async () => {
    expect((await call(applicantOf(good), 'POST', `/api/cases/${good}/rate`, { level: 'very-satisfied', staffLevel: 'satisfied', channelLevel: 'basically-satisfied' })).status).toBe(200);
    expect((await call(applicantOf(bad), 'POST', `/api/cases/${bad}/rate`, { level: 'dissatisfied', comment: '等候太久' })).status).toBe(200);
    await caughtUp();
    expect((await call(office, 'GET', `/api/complaints/rectifications/ZG-${bad}`)).status).toBe(200);
    const visits = (await call(office, 'GET', '/api/follow-ups?status=open')).body;
    // Tuesday 7 April: Wednesday, Thursday, Friday.
    expect(visits).toEqual([expect.objectContaining({ followUpNo: `HF-${bad}`, caseNo: bad, departmentId: 'zrzy', level: 'dissatisfied', visitBy: sh('2026-04-10 23:59').replace(':00.000Z', ':59.999Z'), overdue: false })]);
  });

  it('takes the center\'s visit, then the applicant\'s confirmation once the department has answered, each in its order', async () => {
    const followUp = `HF-${bad}`;
    const confirm = (who: Principal) => call(who, 'POST', `/api/follow-ups/${followUp}/confirm`, { accepted: true, comment: '已改进' });
    expect((await confirm(applicantOf(bad))).body.code).toBe('FOLLOW_UP.NOT_VISITED');
    expect((await call(office, 'POST', `/api/follow-ups/${followUp}/visit`, { note: '电话回访，申请人反映等候时间过长' })).status).toBe(200);
    expect((await confirm(applicantOf(bad))).body.code).toBe('FOLLOW_UP.RECTIFICATION_NOT_ANSWERED');
    expect((await call(head, 'POST', `/api/complaints/rectifications/ZG-${bad}/answer`, { answer: '已增设取号窗口' })).status).toBe(200);
    expect((await confirm(applicantOf(good))).body).toEqual(expect.objectContaining({ statusCode: 403, code: 'AUTH.OUT_OF_SCOPE' }));
    expect((await confirm(applicantOf(bad))).status).toBe(200);
    expect((await confirm(applicantOf(bad))).body.code).toBe('FOLLOW_UP.ALREADY_CONFIRMED');
    await caughtUp();
    expect((await call(office, 'GET', '/api/follow-ups')).body).toEqual([expect.objectContaining({ late: false, accepted: true, overdue: false })]);
  });

  it('rates a completed case left unrated satisfied after 15 days, once', async () => {
    const defaults = engine.app.get(DefaultRatings);
    expect(await defaults.tick()).toBe(0);
    clock.set(sh('2026-04-22 10:00'));
    expect(await defaults.tick()).toBe(1);
    await caughtUp();
    expect(await defaults.tick()).toBe(0);
    const history = (await call(office, 'GET', `/api/cases/${unrated}`)).body.history;
    expect(history.at(-1)).toEqual(expect.objectContaining({ type: 'CaseRated', data: expect.objectContaining({ level: 'satisfied', byDefault: true }) }));
  });

  it('counts the month by staff member, window, department and channel, and publishes a closed month without anyone in it', async () => {
    const figures = async (by: string) => (await call(office, 'GET', `/api/ratings/figures?month=2026-04&by=${by}`)).body.figures;
    expect(await figures('staff')).toEqual([expect.objectContaining({ key: 'clerk-zrzy', rated: 3, satisfied: 2, bad: 1, byDefault: 1, satisfactionRate: 0.6667 })]);
    expect((await figures('staff'))[0].levels).toEqual({ 'very-satisfied': 0, satisfied: 2, 'basically-satisfied': 0, dissatisfied: 1, 'very-dissatisfied': 0 });
    expect((await figures('channel'))[0]).toEqual(expect.objectContaining({ key: 'window', levels: expect.objectContaining({ 'basically-satisfied': 1 }) }));
    expect((await figures('window'))[0].key).toBe('w-zrzy');
    expect((await figures('department'))[0]).toEqual(expect.objectContaining({ key: 'zrzy', rated: 3 }));
    expect((await call(office, 'GET', '/api/ratings/figures?month=2026-4&by=staff')).status).toBe(400);

    const published = (url: string) => engine.app.inject({ method: 'GET', url });
    expect((await published('/api/ratings/published/2026-04')).json().code).toBe('RATINGS.MONTH_NOT_CLOSED');
    clock.set(sh('2026-05-06 09:00'));
    const april = await published('/api/ratings/published/2026-04');
    expect(april.statusCode).toBe(200);
    expect(april.json()).toEqual(expect.objectContaining({
      month: '2026-04', total: expect.objectContaining({ rated: 3, satisfied: 2 }),
      badRatingsFollowedUp: { opened: 1, visited: 1, visitedInTime: 1, confirmed: 1, accepted: 1 },
    }));
    expect(april.body).not.toMatch(/clerk|ZRZY-2026|钱|1390000/);
  });
});
