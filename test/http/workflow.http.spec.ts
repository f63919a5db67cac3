import { BpmnModdle } from 'bpmn-moddle';
import { DEMO_ITEMS } from '../../apps/engine/src/bootstrap/demo-catalog';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';
import { readModelsUnderTest } from '../support/read-model-configs';
import { postOnRoster } from '../support/roster';

const promised = DEMO_ITEMS.find((i) => i.terms.category === 'promised' && i.terms.departmentId === 'scjg')!;
const steps = [
  { id: 'acceptance', name: '受理', kind: 'acceptance', role: 'window-staff', limitDays: 0, remoteAllowed: false },
  { id: 'review', name: '审查', kind: 'review', role: 'reviewer', limitDays: 2, remoteAllowed: true },
  { id: 'decision', name: '决定', kind: 'decision', role: 'approver', limitDays: 1, remoteAllowed: true },
  { id: 'delivery', name: '送达', kind: 'delivery', role: 'window-staff', limitDays: 0, remoteAllowed: false },
];

/** The workflow inside a case (issue 24): procedures as data, their BPMN export, the worklists and the steps, on either read-model store. */
describe.each(readModelsUnderTest())('the workflow inside a case, read models on $name', (readModels) => {
  let engine: TestEngine;
  const bpmn = async (url: string) => {
    const authorization = await engine.authorization({ subject: 'clerk', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' });
    const response = await engine.app.inject({ method: 'GET', url, headers: { authorization } });
    return { status: response.statusCode, type: response.headers['content-type'], body: response.body };
  };

  beforeAll(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z', config: { readModels: readModels.config() } });
  });

  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
    await readModels.dropAll();
  });

  it('publishes a procedure as data, refuses one over the promised limit, and keeps each version its own', async () => {
    const over = await engine.request('PUT', `/api/catalog/items/${promised.code}`, {
      ...promised.terms, steps: steps.map((s) => ({ ...s, limitDays: 5 })), reason: '流程再造',
    });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('PROCEDURE.STEPS_EXCEED_PROMISED_LIMIT');
    const badStep = await engine.request('PUT', `/api/catalog/items/${promised.code}`, { ...promised.terms, steps: [{ ...steps[0], role: 'boss' }], reason: 'x' });
    expect(badStep.status).toBe(400);
    expect(badStep.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'steps[0].role' })]));

    const revised = await engine.request('PUT', `/api/catalog/items/${promised.code}`, { ...promised.terms, steps, reason: '流程再造' });
    expect(revised.status).toBe(200);
    const item = (await engine.request('GET', `/api/catalog/items/${promised.code}`)).body;
    expect(item.steps).toEqual(steps);
    expect(item.versions[0].steps).toBeUndefined();
  });

  it('exports a procedure as BPMN 2.0 that parses back: a user task per step, in order, with a diagram', async () => {
    const { status, type, body } = await bpmn(`/api/catalog/items/${promised.code}/bpmn`);
    expect(status).toBe(200);
    expect(type).toContain('application/bpmn+xml');
    const { rootElement, warnings } = await BpmnModdle().fromXML(body);
    expect(warnings).toEqual([]);
    const process = rootElement.rootElements[0];
    expect(process.$type).toBe('bpmn:Process');
    const tasks = process.flowElements.filter((e: { $type: string }) => e.$type === 'bpmn:UserTask');
    expect(tasks.map((t: { id: string; name: string }) => [t.id, t.name])).toEqual(steps.map((s) => [`Task_${s.id}`, s.name]));
    expect(tasks[1].documentation[0].text).toContain('时限 2 个工作日；可远程办理');
    expect(tasks[2].resources[0].name).toContain('审批人');
    const flows = process.flowElements.filter((e: { $type: string }) => e.$type === 'bpmn:SequenceFlow');
    expect(flows.map((f: { sourceRef: { id: string }; targetRef: { id: string } }) => `${f.sourceRef.id}>${f.targetRef.id}`)).toEqual([
      'StartEvent_received>Task_acceptance', 'Task_acceptance>Task_review', 'Task_review>Task_decision', 'Task_decision>Task_delivery', 'Task_delivery>EndEvent_done',
    ]);
    expect(rootElement.diagrams[0].plane.planeElement).toHaveLength(6 + 5);
  });

  it('exports the default procedure of a version without steps, and answers 404 and 400 for what is not there', async () => {
    const first = await bpmn(`/api/catalog/items/${promised.code}/bpmn?version=1`);
    expect(first.status).toBe(200);
    const { rootElement } = await BpmnModdle().fromXML(first.body);
    const tasks = rootElement.rootElements[0].flowElements.filter((e: { $type: string }) => e.$type === 'bpmn:UserTask');
    expect(tasks.map((t: { name: string }) => t.name)).toEqual(['受理', '审查', '决定', '送达']);
    expect((await bpmn(`/api/catalog/items/${promised.code}/bpmn?version=9`)).status).toBe(404);
    expect((await bpmn('/api/catalog/items/NO-SUCH/bpmn')).status).toBe(404);
    expect((await bpmn(`/api/catalog/items/${promised.code}/bpmn?version=x`)).status).toBe(400);
  });

  it('runs a case through its steps from the worklists: review returned once, approved by the head, delivered at the window', async () => {
    const as = async (subject: string, role: 'window-staff' | 'department-head', departmentId = 'scjg') =>
      ({ authorization: await engine.authorization({ subject, role, departmentId, windowId: role === 'window-staff' ? `w-${departmentId}` : undefined }) });
    const [clerk, reviewer, reviewer2, head, otherHead] = [
      await as('clerk-1', 'window-staff'), await as('rev-1', 'window-staff'), await as('rev-2', 'window-staff'), await as('head-1', 'department-head'),
      await as('head-zjj', 'department-head', 'zjj'),
    ];
    // The head decides the case: on the roster, authorized for the item (issue 22).
    await postOnRoster(engine, { staffId: 'head-1', departmentId: 'scjg', windowId: 'w-scjg', itemCodes: [promised.code], grantedBy: 'head-1' });
    const received = await engine.request('POST', '/api/cases', {
      itemCode: promised.code, channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '王五' }, materials: ['申请书'],
    }, clerk);
    expect(received.status).toBe(201);
    const { caseNo } = received.body;
    const step = (action: string, stepId: string, body: object, caller: Record<string, string>) =>
      engine.request('POST', `/api/cases/${caseNo}/steps/${stepId}/${action}`, body, caller);
    const tasks = async (caller: Record<string, string>) => ((await engine.request('GET', '/api/tasks', undefined, caller)).body as { caseNo: string; stepId: string; mine: boolean }[])
      .filter((t) => t.caseNo === caseNo).map((t) => `${t.stepId}${t.mine ? ' mine' : ''}`);

    expect(await tasks(reviewer)).toEqual(['review']);
    expect(await tasks(head)).toEqual([]);
    expect(await tasks(otherHead)).toEqual([]);
    expect((await step('claim', 'review', {}, head)).body.code).toBe('STEP.NOT_PERFORMER');
    expect((await step('claim', 'review', {}, otherHead)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    expect((await step('claim', 'review', {}, reviewer)).status).toBe(200);
    expect(await tasks(reviewer)).toEqual(['review mine']);
    expect(await tasks(reviewer2)).toEqual([]);
    expect((await step('complete', 'review', { opinion: 'agree' }, reviewer2)).body.code).toBe('STEP.NOT_HOLDER');
    expect((await step('complete', 'review', { opinion: 'disagree' }, reviewer)).body.code).toBe('STEP.REASONS_REQUIRED');
    expect((await step('complete', 'review', { opinion: 'maybe' }, reviewer)).status).toBe(400);
    expect((await step('transfer', 'review', { to: { pool: 'reviewer', departmentId: 'zjj' }, reason: 'x' }, reviewer)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    expect((await step('complete', 'review', { opinion: 'agree', reasons: '材料齐全' }, reviewer)).status).toBe(200);

    expect(await tasks(head)).toEqual(['decision']);
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予许可' }, clerk)).body.code).toBe('STEP.NOT_HOLDER');
    // A head the roster does not know cannot take the decision: whoever holds it decides the case.
    const headOffRoster = await as('head-2', 'department-head');
    expect((await step('claim', 'decision', {}, headOffRoster)).body).toMatchObject({ statusCode: 422, code: 'CASE.STAFF_NOT_ON_ROSTER' });
    expect((await step('claim', 'decision', {}, head)).status).toBe(200);
    const returned = await step('return', 'decision', { toStepId: 'review', reason: '经营场所证明不清' }, head);
    expect(returned.status).toBe(200);
    expect(returned.body.step).toMatchObject({ stepId: 'review', holder: 'rev-1' });
    expect(await tasks(reviewer)).toEqual(['review mine']);
    expect((await step('complete', 'review', { opinion: 'agree' }, reviewer)).status).toBe(200);
    expect((await step('claim', 'decision', {}, head)).status).toBe(200);
    const decided = await step('complete', 'decision', { opinion: 'agree', decision: '准予许可' }, head);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'completed', step: { stepId: 'delivery', pool: { role: 'window-staff', departmentId: 'scjg' } } });

    expect(await tasks(clerk)).toEqual(['delivery']);
    expect((await step('claim', 'delivery', {}, clerk)).status).toBe(200);
    const delivered = await step('complete', 'delivery', { opinion: 'agree' }, clerk);
    expect(delivered.status).toBe(200);
    expect(delivered.body.step).toBeNull();
    expect(await tasks(clerk)).toEqual([]);

    const history = (await engine.request('GET', `/api/cases/${caseNo}`)).body.history as { type: string; data: { stepId?: string } }[];
    expect(history.map((e) => e.type).filter((t) => t === 'CaseCompleted')).toHaveLength(1);
    expect(history.filter((e) => e.type === 'StepCompleted').map((e) => e.data.stepId)).toEqual(['acceptance', 'review', 'review', 'decision', 'delivery']);
  });

  it('documents the worklist and the step routes with their roles and error answers', async () => {
    const document = (await engine.app.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(document.paths['/api/tasks'].get['x-roles']).toEqual(['window-staff', 'department-head']);
    const complete = document.paths['/api/cases/{caseNo}/steps/{stepId}/complete'].post;
    expect(complete['x-roles']).toEqual(['window-staff', 'department-head']);
    for (const status of ['400', '403', '404', '409', '422']) expect(complete.responses[status]).toBeDefined();
    expect(document.paths['/api/cases/{caseNo}/steps/{stepId}/delegate'].post['x-roles']).toEqual(['department-head']);
    expect(document.paths['/api/catalog/items/{code}/bpmn'].get.responses['200'].content['application/bpmn+xml']).toBeDefined();
  });

  it("receives at a comprehensive window for the departments it serves and hands the case to the department's back office (一窗受理)", async () => {
    expect((await engine.request('POST', '/api/departments', { id: 'zwb', name: '县政务服务中心', caseNoPrefix: 'ZWB' })).status).toBe(201);
    const refused = await engine.request('POST', '/api/windows', { id: 'w-x', name: '窗口', departmentId: 'zwb', comprehensive: false, serves: ['scjg'] });
    expect(refused.body.code).toBe('ORG.WINDOW_NOT_COMPREHENSIVE');
    expect((await engine.request('POST', '/api/windows', { id: 'w-zh', name: '综合受理窗口', departmentId: 'zwb', comprehensive: true, serves: ['scjg'] })).status)
      .toBe(201);
    const oneWindowClerk = { authorization: await engine.authorization({ subject: 'zh-1', role: 'window-staff', departmentId: 'zwb', windowId: 'w-zh' }) };
    const reviewer = { authorization: await engine.authorization({ subject: 'rev-9', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' }) };
    const receipt = (itemCode: string) => engine.request('POST', '/api/cases', {
      itemCode, channel: 'window', windowId: 'w-zh', applicant: { kind: 'person', name: '赵六' }, materials: ['申请书'],
    }, oneWindowClerk);
    const received = await receipt(promised.code);
    expect(received.status).toBe(201);
    expect(received.body.caseNo).toMatch(/^SCJG-/);
    expect((await receipt(DEMO_ITEMS.find((i) => i.terms.departmentId === 'zjj')!.code)).body.code).toBe('CASE.WRONG_WINDOW');

    const reviewerTasks = (await engine.request('GET', '/api/tasks', undefined, reviewer)).body as { caseNo: string; stepId: string; pool: string }[];
    expect(reviewerTasks.find((t) => t.caseNo === received.body.caseNo)).toMatchObject({ stepId: 'review', pool: 'reviewer' });
    // The window's clerk received it; the department works it.
    expect((await engine.request('GET', `/api/cases/${received.body.caseNo}`, undefined, oneWindowClerk)).status).toBe(403);

    const period = 'from=2026-04-07&to=2026-04-07';
    const department = (await engine.request('GET', `/api/departments/scjg/stats?${period}`)).body;
    const window = (await engine.request('GET', `/api/windows/w-zh/stats?${period}`)).body;
    expect(window.received).toBe(1);
    expect(department.received).toBeGreaterThanOrEqual(2);
    expect((await engine.request('GET', `/api/departments/zwb/stats?${period}`)).body.received).toBe(0);
    expect((await engine.request('GET', `/api/windows/w-zh/received-for?${period}`)).body).toEqual({
      windowId: 'w-zh', departmentId: 'zwb', from: '2026-04-07', to: '2026-04-07', byDepartment: [{ departmentId: 'scjg', received: 1 }],
      receivedForOtherDepartments: 1,
    });
  });

  it('pre-reviews an online application: returned for every missing material at once, passed two days later with the clock starting then (网上预审)', async () => {
    const portal = { authorization: await engine.authorization({ subject: 'portal', role: 'integration', channel: 'online' }) };
    const clerk = { authorization: await engine.authorization({ subject: 'pre-1', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' }) };
    const received = await engine.request('POST', '/api/cases', {
      itemCode: promised.code, channel: 'online', applicant: { kind: 'person', name: '钱七' }, materials: ['申请书'],
    }, portal);
    expect(received.status).toBe(201);
    const { caseNo, queryCode } = received.body;
    const signIn = await engine.app.inject({ method: 'POST', url: '/api/applicant/sessions', payload: { caseNo, queryCode } });
    const applicant = { authorization: `Bearer ${signIn.json().token}` };
    const lookup = async () => (await engine.request('GET', `/api/cases/${caseNo}`, undefined, applicant)).body;
    expect(await lookup()).toMatchObject({ status: 'suspended', suspension: { reason: 'pre-review' }, step: { stepId: 'acceptance', name: '受理' } });

    expect((await engine.request('POST', `/api/cases/${caseNo}/steps/acceptance/claim`, {}, clerk)).status).toBe(200);
    const returned = await engine.request('POST', `/api/cases/${caseNo}/request-materials`, { materials: ['营业执照', '经营场所证明'] }, clerk);
    expect(returned.status).toBe(200);
    expect((await engine.request('POST', `/api/cases/${caseNo}/request-materials`, { materials: ['身份证'] }, clerk)).body.code).toBe('CASE.MATERIALS_ALREADY_REQUESTED');
    engine.clock.set('2026-04-08T02:00:00.000Z');
    expect((await engine.request('POST', `/api/cases/${caseNo}/supply-materials`, { materials: ['营业执照', '经营场所证明'] }, applicant)).status).toBe(200);
    expect((await lookup()).suspension).toMatchObject({ reason: 'pre-review' });

    engine.clock.set('2026-04-09T02:00:00.000Z');
    const passed = await engine.request('POST', `/api/cases/${caseNo}/steps/acceptance/complete`, { opinion: 'agree' }, clerk);
    expect(passed.status).toBe(200);
    // Accepted on Thursday 9 April: the promised 10 working days run from then.
    expect(passed.body).toMatchObject({ status: 'open', suspendedWorkingDays: 2, dueDate: '2026-04-23', step: { stepId: 'review' } });
    expect((await lookup()).step).toMatchObject({ stepId: 'review', name: '审查' });
  });

  it('warns on a step and records its overrun once, with who held it, for the feed and the worklist', async () => {
    engine.clock.set('2026-04-09T03:00:00.000Z');
    const clerk = { authorization: await engine.authorization({ subject: 'clerk-1', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' }) };
    const reviewer = { authorization: await engine.authorization({ subject: 'rev-5', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' }) };
    const { body: { caseNo } } = await engine.request('POST', '/api/cases', {
      itemCode: promised.code, channel: 'window', windowId: 'w-scjg', applicant: { kind: 'person', name: '孙八' }, materials: ['申请书'],
    }, clerk);
    expect((await engine.request('POST', `/api/cases/${caseNo}/steps/review/claim`, {}, reviewer)).status).toBe(200);
    const stepCards = async () => ((await engine.request('GET', `/api/cases/${caseNo}`)).body.history as { type: string; data: object }[])
      .filter((e) => e.type === 'StepWarned' || e.type === 'StepOverran').map((e) => ({ type: e.type, data: e.data }));

    // Review: 2 working days from Thursday 9 April, due Monday 13 April.
    engine.clock.set('2026-04-10T03:00:00.000Z');
    await engine.tick();
    expect(await stepCards()).toEqual([]);
    engine.clock.set('2026-04-13T01:00:00.000Z');
    await engine.tick();
    engine.clock.set('2026-04-14T01:00:00.000Z');
    await engine.tick();
    await engine.tick();
    expect(await stepCards()).toEqual([
      { type: 'StepWarned', data: expect.objectContaining({ stepId: 'review', holder: 'rev-5', dueDate: '2026-04-13', at: '2026-04-13T01:00:00.000Z' }) },
      { type: 'StepOverran', data: expect.objectContaining({ stepId: 'review', holder: 'rev-5', dueDate: '2026-04-13', at: '2026-04-14T01:00:00.000Z' }) },
    ]);
    const [task] = ((await engine.request('GET', '/api/tasks', undefined, reviewer)).body as { caseNo: string; overdue: boolean }[]).filter((t) => t.caseNo === caseNo);
    expect(task.overdue).toBe(true);
    const done = await engine.request('POST', `/api/cases/${caseNo}/steps/review/complete`, { opinion: 'agree' }, reviewer);
    expect(done.status).toBe(200);
    const completed = ((await engine.request('GET', `/api/cases/${caseNo}`)).body.history as { type: string; data: { stepId?: string } }[])
      .filter((e) => e.type === 'StepCompleted' && e.data.stepId === 'review');
    expect(completed[0].data).toMatchObject({ staffId: 'rev-5', late: true, workingDaysLate: 1 });
  });

  it("gives a department's step figures: how many, how long, returned and overran, by item", async () => {
    const { status, body } = await engine.request('GET', '/api/departments/scjg/steps?from=2026-04-07&to=2026-04-14');
    expect(status).toBe(200);
    const step = (id: string) => body.steps.find((s: { stepId: string }) => s.stepId === id);
    // The run-through (review twice, decision returned once), the one-window case, the pre-reviewed case and the watched one.
    // Three reviews overran: the watched one, and the two left in progress when the watcher ran on the 13th and 14th.
    expect(step('review')).toMatchObject({ started: 5, completed: 3, returned: 0, inProgress: 2, overran: 3 });
    expect(step('decision')).toMatchObject({ started: 3, completed: 1, returned: 1, inProgress: 1 });
    expect(body.byItem.map((i: { itemCode: string }) => i.itemCode)).toEqual([promised.code]);
    expect((await engine.request('GET', '/api/departments/zjj/steps?from=2026-04-07&to=2026-04-14')).body.steps).toEqual([]);
    expect((await engine.request('GET', '/api/departments/scjg/steps?from=2026-04-14&to=2026-04-07')).status).toBe(400);
  });

  it('imports legacy histories with their steps, and one without steps as one step (as before steps existed)', async () => {
    const receipt = { itemCode: promised.code, channel: 'window', windowId: 'w-scjg', staffId: 'old-1', applicant: { kind: 'person', name: '郑一' }, materials: ['申请书'] };
    const withSteps = {
      ...receipt, receivedAt: '2026-03-02T01:00:00Z',
      steps: [
        { action: 'claim-step', at: '2026-03-02T02:00:00Z', stepId: 'review', staffId: 'old-2' },
        { action: 'complete-step', at: '2026-03-03T02:00:00Z', stepId: 'review', staffId: 'old-2', opinion: 'agree' },
        { action: 'claim-step', at: '2026-03-03T03:00:00Z', stepId: 'decision', staffId: 'old-h' },
        { action: 'return-step', at: '2026-03-03T04:00:00Z', stepId: 'decision', staffId: 'old-h', toStepId: 'review', reason: '补充核查' },
        { action: 'complete-step', at: '2026-03-03T05:00:00Z', stepId: 'review', staffId: 'old-2', opinion: 'agree' },
        { action: 'claim-step', at: '2026-03-03T06:00:00Z', stepId: 'decision', staffId: 'old-h' },
        { action: 'complete-step', at: '2026-03-04T02:00:00Z', stepId: 'decision', staffId: 'old-h', opinion: 'agree', reasons: '准予许可' },
        { action: 'claim-step', at: '2026-03-04T03:00:00Z', stepId: 'delivery', staffId: 'old-1' },
        { action: 'complete-step', at: '2026-03-04T04:00:00Z', stepId: 'delivery', staffId: 'old-1', opinion: 'agree' },
      ],
    };
    const withoutSteps = { ...receipt, receivedAt: '2026-03-02T01:30:00Z', steps: [{ action: 'complete', at: '2026-03-04T02:00:00Z', outcome: 'approved', decision: '准予许可' }] };
    const broken = { ...withSteps, receivedAt: '2026-03-02T01:40:00Z', steps: [withSteps.steps[1]] };
    const response = await engine.request('POST', '/api/import/cases', { cases: [withSteps, withoutSteps, broken] });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { status: string; code?: string; step?: number }) => [r.status, r.code ?? null, r.step ?? null]))
      .toEqual([['imported', null, null], ['imported', null, null], ['rejected', 'STEP.NOT_HOLDER', 0]]);
    const types = async (caseNo: string) => ((await engine.request('GET', `/api/cases/${caseNo}`)).body.history as { type: string }[]).map((e) => e.type);
    const stepped = await types(response.body.results[0].caseNo);
    // Acceptance at receipt, review, (the decision returned), review again, decision, delivery.
    expect(stepped.filter((t) => t === 'StepCompleted')).toHaveLength(5);
    expect(stepped.filter((t) => t === 'StepReturned')).toHaveLength(1);
    expect(stepped.filter((t) => t === 'CaseCompleted')).toHaveLength(1);
    expect(await types(response.body.results[1].caseNo)).toEqual(['CaseReceived', 'CaseCompleted']);
  });
});
