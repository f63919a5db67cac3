import { IdempotentReadModelConsumer, openConsumerDb } from '@gov/messaging';
import { DEPARTMENTS } from '@gov/messaging/testing/case-stories';
import { publishedComplaintStory, publishedRectification } from '@gov/messaging/testing/published-stories';
import { complaintEffects } from './complaint.effects';
import { accountabilityActions, openComplaints, overdueFeedback, overdueRectifications } from './complaint.read-model';
import { disciplineReadModel } from './discipline.read-model';

const [zrzy, scjg, gaj] = DEPARTMENTS;
/** Well after every story's feedback deadline (15 working days from 2026-04-15), and well before it. */
const LONG_AFTER = '2026-07-01T00:00:00.000Z';
const SOON_AFTER_FILING = '2026-04-20T00:00:00.000Z';

describe('discipline window (纪检监察): complaint message → effects', () => {
  it('moves the complaint at each step and records the accountability actions at its conclusion', () => {
    const events = publishedComplaintStory('TS-1', 'concluded-with-actions-feedback-late', zrzy);
    const effects = events.flatMap(complaintEffects);
    expect(effects.map((effect) => effect.kind === 'complaint-moved' ? effect.complaint.status : effect.kind)).toEqual([
      'filed', 'accepted', 'investigating', 'concluded', 'accountability-recorded', 'feedback-given',
    ]);
    expect(effects[3]).toMatchObject({ substantiated: true, at: events[3].time });
    expect(effects[5]).toMatchObject({ feedbackLate: true, at: events[4].time });
  });

  it('keeps only the fields it knows of a payload that a later v1 grew', () => {
    const [filed] = publishedComplaintStory('TS-1', 'filed-open', zrzy);
    const [effect] = complaintEffects({ ...filed, data: { ...(filed.data as object), priority: 'high' } });
    expect(effect.kind === 'complaint-moved' && Object.keys(effect.complaint)).not.toContain('priority');
  });

  it('ignores case events (the late-case effects handle them)', () => {
    expect(complaintEffects({ ...publishedComplaintStory('TS-1', 'filed-open')[0], type: 'cn.gov.servicecenter.case.overdue.v1' })).toEqual([]);
  });
});

describe('discipline read model: complaints and rectifications', () => {
  const db = openConsumerDb(':memory:');
  const consumer = new IdempotentReadModelConsumer(db, disciplineReadModel);
  const events = [
    ...publishedComplaintStory('ZRZY-C1', 'filed-open', zrzy),
    ...publishedComplaintStory('ZRZY-C2', 'investigating', zrzy),
    ...publishedComplaintStory('ZRZY-C3', 'concluded-with-actions-feedback-late', zrzy),
    ...publishedComplaintStory('SCJG-C1', 'concluded-awaiting-feedback', scjg),
    ...publishedComplaintStory('SCJG-C2', 'declined-then-feedback', scjg),
    ...publishedComplaintStory('GAJ-C1', 'automatic-accepted', gaj),
    ...publishedRectification('ZRZY-R1', 'open', zrzy),
    ...publishedRectification('GAJ-R1', 'answered-late', gaj),
  ];
  // Delivered twice (at least once): the second round changes nothing.
  for (const event of [...events, ...events]) consumer.handle(event);

  it('counts the open complaints (filed, accepted, under investigation) per category and per department', () => {
    expect(openComplaints(db, 'department')).toEqual([{ key: 'zrzy', open: 2 }, { key: 'gaj', open: 1 }]);
    expect(openComplaints(db, 'category')).toEqual([{ key: 'favours-gifts-bribes', open: 2 }, { key: 'not-within-time-limit', open: 1 }]);
  });

  it('lists the complaints owed feedback past the deadline, and none before it', () => {
    expect(overdueFeedback(db, SOON_AFTER_FILING)).toEqual([]);
    expect(overdueFeedback(db, LONG_AFTER).map(({ complaintNo, status }) => ({ complaintNo, status }))).toEqual([
      { complaintNo: 'SCJG-C1', status: 'concluded' }, { complaintNo: 'ZRZY-C1', status: 'filed' }, { complaintNo: 'ZRZY-C2', status: 'investigating' },
    ]);
  });

  it('keeps the accountability actions of concluded complaints, without names', () => {
    expect(accountabilityActions(db)).toEqual([
      { complaintNo: 'SCJG-C1', departmentId: 'scjg', kind: 'admonish-department', subject: 'scjg' },
      { complaintNo: 'SCJG-C1', departmentId: 'scjg', kind: 'return-staff', subject: 'staff-7' },
      { complaintNo: 'SCJG-C1', departmentId: 'scjg', kind: 'hold-accountable', subject: 'directly-responsible' },
      { complaintNo: 'ZRZY-C3', departmentId: 'zrzy', kind: 'admonish-department', subject: 'zrzy' },
      { complaintNo: 'ZRZY-C3', departmentId: 'zrzy', kind: 'return-staff', subject: 'staff-7' },
      { complaintNo: 'ZRZY-C3', departmentId: 'zrzy', kind: 'hold-accountable', subject: 'directly-responsible' },
    ]);
  });

  it('keeps when feedback was given and whether late', () => {
    const row = db.prepare('SELECT status, feedback_late AS late, substantiated, concluded_at IS NOT NULL AS concluded, filed_at IS NOT NULL AS filed FROM complaints WHERE complaint_no = ?');
    expect(row.get('ZRZY-C3')).toEqual({ status: 'feedback-given', late: 1, substantiated: 1, concluded: 1, filed: 1 });
    expect(row.get('SCJG-C2')).toEqual({ status: 'feedback-given', late: 0, substantiated: null, concluded: 0, filed: 1 });
  });

  it('lists the rectifications not answered by their deadline', () => {
    expect(overdueRectifications(db, SOON_AFTER_FILING)).toEqual([]);
    expect(overdueRectifications(db, LONG_AFTER)).toEqual([expect.objectContaining({ rectificationNo: 'ZG-ZRZY-R1', caseNo: 'ZRZY-R1', departmentId: 'zrzy' })]);
    expect(db.prepare('SELECT late FROM rectifications WHERE rectification_no = ?').pluck().get('ZG-GAJ-R1')).toBe(1);
  });
});
