import * as path from 'node:path';
import Database from 'better-sqlite3';
import { removeDataDir, startEngine } from '../support/engine';
import { engineForEachTest, sh } from '../support/engine-per-test';

const landTransfer = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'] };
const planning = { ...landTransfer, itemCode: 'ZRZY-002' };
const named = { kind: 'named', name: '王五', contact: '13800000000', idNumber: '330102199001011234' };

describe('complaints and window staff (纪检监察)', () => {
  const engine = engineForEachTest(sh('2026-04-07 09:00'));

  const post = async (url: string, body: unknown, status: number) => {
    const response = await engine.request('POST', url, body);
    expect({ url, status: response.status, body: response.body }).toMatchObject({ status });
    return response.body;
  };
  const get = async (url: string) => (await engine.request('GET', url)).body;

  it('takes a complaint to a staff member losing posting and authorizations, and the department\'s score dropping', async () => {
    await post('/api/staff', { staffId: 's-zrzy-001', name: '钱六', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2026-03-01' }, 201);
    await post('/api/staff/s-zrzy-001/authorizations', { itemCodes: ['ZRZY-001'] }, 200);
    expect(await get('/api/staff/s-zrzy-001')).toMatchObject({
      status: 'posted', postedUnderOneYear: true, authorizations: [{ itemCode: 'ZRZY-001', grantedBy: 'test-department-head' }],
    });

    // Authorized for ZRZY-001, not for ZRZY-002; a request without staffId is not judged.
    const { caseNo } = await post('/api/cases', { ...landTransfer, staffId: 's-zrzy-001' }, 201);
    const refused = await post('/api/cases', { ...planning, staffId: 's-zrzy-001' }, 422);
    expect(refused).toMatchObject({ code: 'CASE.STAFF_NOT_AUTHORIZED', rule: 'StaffMustBeAuthorizedForTheItem' });
    await post('/api/cases', planning, 201);
    const before = (await get('/api/assessment/2026/departments/zrzy')).score;

    const filed = await post('/api/complaints', {
      category: 'favours-gifts-bribes', channel: 'window', complainant: named,
      target: { staffId: 's-zrzy-001', caseNo }, summary: '窗口人员暗示请吃饭后才给办理', evidence: ['录音-20260407-01'],
    }, 201);
    const no = filed.complaintNo as string;
    expect(no).toMatch(/^TS-20260407-[0-9A-F]{6}$/);
    expect(filed).toMatchObject({ status: 'filed', departmentId: 'zrzy', feedbackBy: '2026-04-28T15:59:59.999Z' });
    expect(JSON.stringify(filed)).not.toContain('王五');

    engine.clock.set(sh('2026-04-08 09:00'));
    await post(`/api/complaints/${no}/accept`, { note: '予以受理' }, 200);
    await post(`/api/complaints/${no}/investigate`, { investigator: '纪检组 赵' }, 200);
    engine.clock.set(sh('2026-04-14 10:00'));
    const concluded = await post(`/api/complaints/${no}/conclude`, {
      substantiated: true, findings: '经查属实',
      actions: [
        { kind: 'return-staff', staffId: 's-zrzy-001' },
        { kind: 'admonish-department', departmentId: 'zrzy' },
        { kind: 'hold-accountable', role: 'directly-responsible', person: '钱六' },
      ],
    }, 200);
    expect(concluded).toMatchObject({ status: 'concluded', substantiated: true });

    // The conclusion returned the staff member: no posting, no authorization, at once.
    expect(await get('/api/staff/s-zrzy-001')).toMatchObject({
      status: 'returned', returnedOn: '2026-04-14', returnedByComplaint: no, authorizations: [], postedUnderOneYear: false,
    });
    expect((await post('/api/cases', { ...landTransfer, staffId: 's-zrzy-001' }, 422)).code).toBe('CASE.STAFF_NOT_AUTHORIZED');
    expect((await post(`/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予', staffId: 's-zrzy-001' }, 422)).code)
      .toBe('CASE.STAFF_NOT_AUTHORIZED');

    const after = await get('/api/assessment/2026/departments/zrzy');
    expect(after.facts.substantiatedComplaints).toBe(1);
    expect(after.deductions).toContainEqual(expect.objectContaining({ rule: 'SubstantiatedComplaints', points: 1 }));
    expect(after.score).toBe(before - 1);

    await post(`/api/complaints/${no}/feedback`, { message: '经查属实，相关人员已退回原单位' }, 200);
    const complaint = await get(`/api/complaints/${no}`);
    expect(complaint).toMatchObject({
      status: 'feedback-given', category: 'favours-gifts-bribes', categoryLabel: '吃拿卡要', workingDaysToConclusion: 5, feedbackLate: false,
      target: { departmentId: 'zrzy', staffId: 's-zrzy-001', caseNo },
      actions: [{ kind: 'return-staff', staffId: 's-zrzy-001' }, { kind: 'admonish-department', departmentId: 'zrzy' },
        { kind: 'hold-accountable', role: 'directly-responsible', person: '钱六' }],
    });
    expect((await get('/api/complaints/actions?from=2026-04-01&to=2026-04-30')).actions.map((a: { kind: string }) => a.kind))
      .toEqual(['return-staff', 'admonish-department', 'hold-accountable']);
    const figures = await get('/api/complaints/figures?from=2026-04-01&to=2026-04-30');
    expect(figures.departments).toEqual([expect.objectContaining({
      departmentId: 'zrzy', filed: 1, open: 0, concluded: 1, substantiated: 1, averageWorkingDaysToConclusion: 5,
      admonitions: 1, staffReturned: 1, personsHeldAccountable: 1, feedbackLate: 0,
    })]);
    expect(figures.timeToConclusion).toMatchObject({ concluded: 1, averageWorkingDays: 5, maxWorkingDays: 5 });

    // The identity is the discipline window's alone.
    expect(await get(`/api/complaints/${no}/complainant`)).toEqual({
      complaintNo: no, kind: 'named', shown: 'clear', personId: expect.any(String), name: '王五', contact: '13800000000', idNumber: '330102199001011234',
    });
    for (const url of [`/api/complaints/${no}`, '/api/complaints?status=all', '/api/complaints/summary', '/api/complaints/figures?from=2026-04-01&to=2026-04-30',
      '/api/complaints/actions?from=2026-04-01&to=2026-04-30', '/api/staff', '/api/assessment/2026']) {
      const response = await engine.request('GET', url);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      const body = JSON.stringify(response.body);
      expect({ url, name: body.includes('王五'), contact: body.includes('13800000000'), id: body.includes('330102199001011234') })
        .toEqual({ url, name: false, contact: false, id: false });
    }
  });

  it('documents the API in OpenAPI', async () => {
    const paths = Object.keys((await get('/docs-json')).paths);
    expect(paths).toEqual(expect.arrayContaining([
      '/api/complaints', '/api/complaints/{complaintNo}/accept', '/api/complaints/{complaintNo}/decline', '/api/complaints/{complaintNo}/investigate',
      '/api/complaints/{complaintNo}/conclude', '/api/complaints/{complaintNo}/feedback', '/api/complaints/{complaintNo}',
      '/api/complaints/{complaintNo}/complainant', '/api/complaints/summary', '/api/complaints/figures', '/api/complaints/actions',
      '/api/complaints/rectifications', '/api/staff', '/api/staff/{staffId}', '/api/staff/{staffId}/authorizations',
    ]));
  });

  it('returns a staff member once per conclusion, even when the returner reads the whole log again', async () => {
    await post('/api/staff', { staffId: 's-1', name: '周', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2025-01-01' }, 201);
    const { complaintNo } = await post('/api/complaints', { category: 'favours-gifts-bribes', channel: 'online', complainant: named,
      target: { staffId: 's-1' }, summary: 's', evidence: [] }, 201);
    await post(`/api/complaints/${complaintNo}/accept`, {}, 200);
    await post(`/api/complaints/${complaintNo}/investigate`, { investigator: 'x' }, 200);
    await post(`/api/complaints/${complaintNo}/conclude`, { substantiated: true, findings: '属实', actions: [{ kind: 'return-staff', staffId: 's-1' }] }, 200);
    expect((await get('/api/staff/s-1')).status).toBe('returned');
    // Posted again later; a replay of the old conclusion must not return them a second time.
    await post('/api/staff', { staffId: 's-1', name: '周', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2026-04-07' }, 201);
    await engine.close();
    const db = new Database(path.join(engine.dataDir, 'read-models.sqlite'));
    expect(db.prepare("DELETE FROM checkpoints WHERE name = 'staff-returner'").run().changes).toBe(1);
    db.close();
    await engine.reopen();
    expect(await get('/api/staff/s-1')).toMatchObject({ status: 'posted', postedOn: '2026-04-07' });
    const returns = (await engine.store.readStream('staff-s-1')).filter((e) => e.type === 'StaffReturnedToDepartment');
    expect(returns).toHaveLength(1);
  });

  it('keeps the lifecycle in order and validates requests', async () => {
    const anonymous = { category: 'service-attitude', channel: 'online', complainant: { kind: 'anonymous', contact: 'wx:abc' },
      target: { windowId: 'w-zrzy' }, summary: '态度生硬', evidence: [] };
    const { complaintNo } = await post('/api/complaints', anonymous, 201);
    // A retry with the same Idempotency-Key gets the first answer, and files nothing new.
    const key = { 'idempotency-key': 'complaint-retry-0001' };
    const first = await engine.request('POST', '/api/complaints', anonymous, key);
    const retry = await engine.request('POST', '/api/complaints', anonymous, key);
    expect(retry).toEqual(first);
    expect(first.status).toBe(201);
    expect((await get('/api/complaints')).length).toBe(2);
    expect((await post(`/api/complaints/${complaintNo}/investigate`, { investigator: 'x' }, 409)).code).toBe('COMPLAINT.WRONG_STATUS');
    expect((await post(`/api/complaints/${complaintNo}/feedback`, { message: 'x' }, 409)).code).toBe('COMPLAINT.WRONG_STATUS');
    expect((await post('/api/complaints/TS-NONE/accept', {}, 404)).code).toBe('COMPLAINT.NOT_FOUND');
    expect((await engine.request('GET', '/api/complaints/TS-NONE')).status).toBe(404);

    const bad = await post('/api/complaints', { ...anonymous, category: 'bribery', complainant: { kind: 'named', contact: 'x' }, extra: 1 }, 400);
    expect(bad.code).toBe('VALIDATION.FAILED');
    expect([...new Set(bad.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['category', 'complainant.name', 'extra']);
    expect((await post('/api/complaints', { ...anonymous, target: { caseNo: 'ZRZY-20260407-00099' } }, 422)).code).toBe('COMPLAINT.UNKNOWN_TARGET');
    expect((await post('/api/complaints', { ...anonymous, target: { departmentId: 'scjg', windowId: 'w-zrzy' } }, 422)).code)
      .toBe('COMPLAINT.TARGET_SPANS_DEPARTMENTS');
    expect((await post('/api/complaints', { ...anonymous, target: {} }, 422)).code).toBe('COMPLAINT.NO_TARGET');

    await post(`/api/complaints/${complaintNo}/accept`, {}, 200);
    await post(`/api/complaints/${complaintNo}/investigate`, { investigator: 'x' }, 200);
    const unfounded = await post(`/api/complaints/${complaintNo}/conclude`,
      { substantiated: false, findings: '不属实', actions: [{ kind: 'admonish-department', departmentId: 'zrzy' }] }, 422);
    expect(unfounded.code).toBe('COMPLAINT.ACTIONS_WITHOUT_FINDING');
    expect((await post(`/api/complaints/${complaintNo}/conclude`,
      { substantiated: true, findings: 'x', actions: [{ kind: 'return-staff', staffId: 's-nobody' }] }, 422)).code).toBe('COMPLAINT.STAFF_NOT_POSTED');
    expect((await post(`/api/complaints/${complaintNo}/conclude`, { substantiated: true, findings: 'x', actions: [{ kind: 'return-staff' }] }, 400))
      .errors.map((e: { field: string }) => e.field)).toContain('actions[0].staffId');
    expect(await get(`/api/complaints/${complaintNo}/complainant`)).toMatchObject({ kind: 'anonymous', name: null, contact: 'wx:abc' });
  });

  it('flags late feedback, and lists open complaints by category, department and age', async () => {
    const complaint = (category: string, target: object) => ({ category, channel: 'window', complainant: named, target, summary: 's', evidence: [] });
    const a = (await post('/api/complaints', complaint('illegal-fee', { departmentId: 'zrzy' }), 201)).complaintNo;
    engine.clock.set(sh('2026-04-20 09:00'));
    await post('/api/complaints', complaint('service-attitude', { itemCode: 'SCJG-001' }), 201);
    const declined = (await post('/api/complaints', complaint('other', { departmentId: 'scjg' }), 201)).complaintNo;
    await post(`/api/complaints/${declined}/decline`, { reason: '不属于受理范围' }, 200);

    engine.clock.set(sh('2026-04-29 09:00')); // a's feedback was due by the end of 04-28
    expect(await get('/api/complaints/summary')).toEqual({
      open: 2,
      byCategory: [{ category: 'illegal-fee', label: '乱收费', open: 1 }, { category: 'service-attitude', label: '服务态度', open: 1 }],
      byDepartment: [{ departmentId: 'scjg', open: 1 }, { departmentId: 'zrzy', open: 1 }],
      byAge: [{ band: '0-7', open: 0 }, { band: '8-21', open: 1 }, { band: '22-30', open: 1 }, { band: '31+', open: 0 }],
    });
    expect((await get('/api/complaints?minAgeDays=20')).map((c: { complaintNo: string }) => c.complaintNo)).toEqual([a]);
    expect((await get('/api/complaints?category=service-attitude')).map((c: { departmentId?: string; target: { departmentId: string } }) => c.target.departmentId))
      .toEqual(['scjg']);
    expect((await get('/api/complaints?departmentId=zrzy'))[0]).toMatchObject({ complaintNo: a, ageDays: 22, feedbackOverdue: true });
    expect((await engine.request('GET', '/api/complaints?minAgeDays=-1')).status).toBe(400);

    await post(`/api/complaints/${a}/decline`, { reason: '重复投诉' }, 200);
    expect(await post(`/api/complaints/${a}/feedback`, { message: '已答复' }, 200)).toMatchObject({ status: 'feedback-given' });
    expect(await get(`/api/complaints/${a}`)).toMatchObject({ feedbackLate: true, feedbackOverdue: false, declineReason: '重复投诉' });
    const zrzy = (await get('/api/complaints/figures?from=2026-04-01&to=2026-04-30')).departments.find((d: { departmentId: string }) => d.departmentId === 'zrzy');
    expect(zrzy).toMatchObject({ filed: 1, declined: 1, feedbackLate: 1, feedbackOverdue: 0 });
  });

  it('keeps the roster: postings at the department\'s own windows, authorizations for its own items', async () => {
    engine.clock.set(sh('2026-04-07 09:00'));
    expect((await post('/api/staff', { staffId: 's-zrzy-1', name: 'x', departmentId: 'scjg', windowId: 'w-zrzy', postedOn: '2025-01-01' }, 422)).code)
      .toBe('STAFF.WRONG_WINDOW');
    await post('/api/staff', { staffId: 's-zrzy-1', name: '周', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2025-01-01' }, 201);
    await post('/api/staff', { staffId: 's-scjg-2', name: '吴', departmentId: 'scjg', windowId: 'w-scjg', postedOn: '2026-04-01' }, 201);
    expect((await post('/api/staff', { staffId: 's-zrzy-1', name: '周', departmentId: 'zrzy', windowId: 'w-zrzy', postedOn: '2025-01-01' }, 409)).code)
      .toBe('STAFF.ALREADY_POSTED');
    expect((await post('/api/staff/s-zrzy-1/authorizations', { itemCodes: ['SCJG-001'] }, 422)).code).toBe('STAFF.ITEM_OF_ANOTHER_DEPARTMENT');
    await post('/api/staff/s-zrzy-1/authorizations', { itemCodes: ['ZRZY-001', 'ZRZY-002'] }, 200);
    await post('/api/staff/s-zrzy-1/authorizations/revoke', { itemCodes: ['ZRZY-002'], reason: '调岗' }, 200);
    // The center sees the whole roster, a department head their own department's.
    // (The demo's clerks, clerk-<department>, are on the roster from the seed.)
    const roster = (await get('/api/staff')).filter((s: { staffId: string }) => !s.staffId.startsWith('clerk-'));
    expect(roster.map((s: { staffId: string; postedUnderOneYear: boolean; authorizations: { itemCode: string }[] }) =>
      [s.staffId, s.postedUnderOneYear, s.authorizations.map((a) => a.itemCode)])).toEqual([['s-scjg-2', true, []], ['s-zrzy-1', false, ['ZRZY-001']]]);
    expect((await get('/api/staff?departmentId=zrzy')).map((s: { staffId: string }) => s.staffId)).toEqual(['clerk-zrzy', 's-zrzy-1']);
    expect((await engine.request('GET', '/api/staff/s-zrzy-9')).status).toBe(404);
    // Staff unknown to the roster are not judged (legacy window software); a case completes as before.
    const { caseNo } = await post('/api/cases', { ...landTransfer, staffId: 'legacy-7' }, 201);
    await post(`/api/cases/${caseNo}/assess-fee`, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] }, 200);
  });
});

describe('bad ratings (差评) open a rectification', () => {
  it('opens one per bad rating, flags it unanswered past 15 working days, and flags a late answer', async () => {
    const engine = await startEngine({ now: sh('2026-04-07 09:00') });
    try {
      const rated = async (level: string) => {
        const { caseNo } = (await engine.request('POST', '/api/cases', { itemCode: 'SCJG-001', channel: 'window', windowId: 'w-scjg',
          applicant: { kind: 'person', name: '孙八' }, materials: [] })).body;
        expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予' })).status).toBe(200);
        expect((await engine.request('POST', `/api/cases/${caseNo}/rate`, { level, comment: '等了很久' })).status).toBe(200);
        return caseNo as string;
      };
      const bad = await rated('very-dissatisfied');
      await rated('satisfied');
      const list = (await engine.request('GET', '/api/complaints/rectifications')).body;
      expect(list).toEqual([expect.objectContaining({
        rectificationNo: `ZG-${bad}`, caseNo: bad, departmentId: 'scjg', windowId: 'w-scjg', level: 'very-dissatisfied', status: 'awaiting-answer',
        answerBy: '2026-04-28T15:59:59.999Z', unansweredOverdue: false,
      })]);
      engine.clock.set(sh('2026-04-29 09:00'));
      expect((await engine.request('GET', `/api/complaints/rectifications/ZG-${bad}`)).body.unansweredOverdue).toBe(true);
      expect((await engine.request('POST', `/api/complaints/rectifications/ZG-${bad}/answer`, { answer: '已整改' })).status).toBe(200);
      expect((await engine.request('GET', `/api/complaints/rectifications/ZG-${bad}`)).body).toMatchObject({ status: 'answered', late: true, unansweredOverdue: false });
      expect((await engine.request('POST', `/api/complaints/rectifications/ZG-${bad}/answer`, { answer: 'x' })).body.code).toBe('RECTIFICATION.ALREADY_ANSWERED');
      expect((await engine.request('GET', '/api/complaints/rectifications/ZG-NONE')).status).toBe(404);
    } finally {
      await engine.close();
      removeDataDir(engine.dataDir);
    }
  });
});

describe('files that open by themselves, exactly once per trigger', () => {
  it('opens a 不按规定时限办结 file per red card, a 两头受理 file per double acceptance and a 乱收费 file per refused fee, and never again after restarts', async () => {
    let engine = await startEngine({ now: sh('2026-04-07 09:00') });
    const dataDir = engine.dataDir;
    try {
      const { caseNo } = (await engine.request('POST', '/api/cases', landTransfer)).body; // due 04-14
      const applicant = { kind: 'person', name: '赵七', idNumber: '330102199001015678' };
      const atCenter = (await engine.request('POST', '/api/cases', { itemCode: 'RS-001', channel: 'window', windowId: 'w-rs', applicant, materials: [] })).body.caseNo;
      const atSubCenter = (await engine.request('POST', '/api/cases', { itemCode: 'RS-001', channel: 'sub-center', subCenterId: 'sb', applicant, materials: [] })).body.caseNo;
      // Someone else at the sub-center, and the same applicant again once the first two are closed: no file.
      const other = (await engine.request('POST', '/api/cases', { itemCode: 'RS-001', channel: 'sub-center', subCenterId: 'sb',
        applicant: { ...applicant, idNumber: '330102199001019999' }, materials: [] })).body.caseNo;
      const complete = async (no: string) =>
        expect((await engine.request('POST', `/api/cases/${no}/complete`, { outcome: 'approved', decision: '准予' })).status).toBe(200);
      for (const no of [atCenter, atSubCenter, other]) await complete(no);
      // A county-defined fee is refused, the refusal recorded on the case, and a 乱收费 file opens; a lawful assessment still goes through.
      const refusedFee = await engine.request('POST', `/api/cases/${caseNo}/assess-fee`, { fees: [{ feeCode: 'F-COUNTY-1', amountFen: 5000 }] });
      expect(refusedFee).toMatchObject({ status: 422, body: { code: 'FEE.NOT_ON_ITEM' } });
      expect((await engine.request('GET', `/api/cases/${caseNo}`)).body.history.map((e: { type: string }) => e.type))
        .toEqual(['CaseReceived', 'FeeAssessmentRefused']);
      expect((await engine.request('POST', `/api/cases/${caseNo}/assess-fee`, { fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }] })).status).toBe(200);
      await complete((await engine.request('POST', '/api/cases', { itemCode: 'RS-001', channel: 'online', applicant, materials: [] })).body.caseNo);
      engine.clock.set(sh('2026-04-15 09:00'));
      await engine.tick();

      const files = async () => (await engine.request('GET', '/api/complaints?status=all')).body
        .map((c: { complaintNo: string; category: string; channel: string; target: { caseNo: string; departmentId: string } }) =>
          [c.complaintNo, c.category, c.channel, c.target.caseNo, c.target.departmentId]);
      const expected = [
        [`LT-${atSubCenter}`, 'double-acceptance', 'automatic', atSubCenter, 'rs'],
        [`SF-${caseNo}-1`, 'illegal-fee', 'automatic', caseNo, 'zrzy'],
        [`CQ-${caseNo}-20260414`, 'not-within-time-limit', 'automatic', caseNo, 'zrzy'],
      ];
      expect(await files()).toEqual(expected);
      expect((await engine.request('GET', `/api/complaints/LT-${atSubCenter}`)).body.summary).toContain(atCenter);
      expect((await engine.request('GET', `/api/complaints/LT-${atSubCenter}/complainant`)).body).toMatchObject({ kind: 'system', trigger: 'CaseReceived' });
      expect((await engine.request('GET', `/api/complaints/CQ-${caseNo}-20260414`)).body.feedbackBy).toBeNull();

      // Restart, then restart again having lost the opener's checkpoint: it reads the whole log again and opens nothing twice.
      await engine.close();
      engine = await startEngine({ dataDir, clock: engine.clock });
      expect(await files()).toEqual(expected);
      await engine.close();
      const db = new Database(path.join(dataDir, 'read-models.sqlite'));
      expect(db.prepare("DELETE FROM checkpoints WHERE name = 'complaint-opener'").run().changes).toBe(1);
      db.close();
      engine = await startEngine({ dataDir, clock: engine.clock });
      await engine.tick();
      expect(await files()).toEqual(expected);
      const filed = (await engine.store.readAll({ after: 0, limit: 100_000 })).filter((e) => e.type === 'ComplaintFiled');
      expect(filed.map((e) => e.streamId).sort()).toEqual([`complaint-CQ-${caseNo}-20260414`, `complaint-LT-${atSubCenter}`, `complaint-SF-${caseNo}-1`]);
    } finally {
      await engine.close();
      removeDataDir(dataDir);
    }
  });
});
