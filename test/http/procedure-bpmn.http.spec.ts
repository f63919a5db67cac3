import type { Principal } from '../../apps/engine/src/auth/roles';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

const CLERK: Principal = { subject: 'clerk-zjj', role: 'window-staff', departmentId: 'zjj', windowId: 'w-zjj' };

/** A procedure as a modeler draws it (bpmn.io): no `gov:` attributes, the steps told by their names and documentation. */
function drawn(tasks: readonly { id: string; name: string; doc?: string }[], { gateway = false } = {}): string {
  const nodes = ['StartEvent_1', ...(gateway ? ['Gateway_1'] : []), ...tasks.map((t) => t.id), 'EndEvent_1'];
  const flows = nodes.slice(1).map((target, i) => `<bpmn:sequenceFlow id="Flow_${i}" sourceRef="${nodes[i]}" targetRef="${target}" />`);
  const out = (id: string) => nodes.indexOf(id) < nodes.length - 1 ? `<bpmn:outgoing>Flow_${nodes.indexOf(id)}</bpmn:outgoing>` : '';
  const into = (id: string) => nodes.indexOf(id) > 0 ? `<bpmn:incoming>Flow_${nodes.indexOf(id) - 1}</bpmn:incoming>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1">${out('StartEvent_1')}</bpmn:startEvent>
    ${gateway ? `<bpmn:exclusiveGateway id="Gateway_1">${into('Gateway_1')}${out('Gateway_1')}<bpmn:outgoing>Flow_x</bpmn:outgoing></bpmn:exclusiveGateway><bpmn:sequenceFlow id="Flow_x" sourceRef="Gateway_1" targetRef="EndEvent_1" />` : ''}
    ${tasks.map((t) => `<bpmn:userTask id="${t.id}" name="${t.name}">${t.doc ? `<bpmn:documentation>${t.doc}</bpmn:documentation>` : ''}${into(t.id)}${out(t.id)}</bpmn:userTask>`).join('\n    ')}
    <bpmn:endEvent id="EndEvent_1">${into('EndEvent_1')}</bpmn:endEvent>
    ${flows.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

const TASKS = [
  { id: 'Activity_accept', name: '窗口受理', doc: '当日办结' },
  { id: 'Activity_review', name: '材料审查', doc: '时限 3 个工作日，可远程办理' },
  { id: 'Activity_decide', name: '审批决定', doc: '时限 1 个工作日' },
  { id: 'Activity_deliver', name: '制证送达', doc: '当日办结；须在大厅办理' },
];

/** BPMN import (PUT /api/catalog/items/{code}/procedure): the procedure drawn in a modeler becomes the item's steps, or is refused with what to change. */
describe('an item\'s procedure from a BPMN model', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z' });
  });
  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });
  const item = async (code: string) => (await engine.request('GET', `/api/catalog/items/${code}`)).body;
  const put = (code: string, bpmn: string, reason = '流程再造') => engine.request('PUT', `/api/catalog/items/${code}/procedure`, { bpmn, reason });

  it('reads back the engine\'s own export exactly: a new version whose steps are the procedure it drew', async () => {
    const before = await item('ZRZY-001');
    const exported = (await engine.app.inject({ method: 'GET', url: '/api/catalog/items/ZRZY-001/bpmn', headers: { authorization: await engine.authorization(CLERK) } })).body;
    const revised = await put('ZRZY-001', exported);
    expect(revised.status).toBe(200);
    const after = await item('ZRZY-001');
    expect(after.version).toBe(before.version + 1);
    expect(after.steps).toEqual([
      { id: 'acceptance', name: '受理', kind: 'acceptance', role: 'window-staff', limitDays: 0, remoteAllowed: false },
      { id: 'review', name: '审查', kind: 'review', role: 'reviewer', limitDays: 4, remoteAllowed: true },
      { id: 'decision', name: '决定', kind: 'decision', role: 'approver', limitDays: 1, remoteAllowed: true },
      { id: 'delivery', name: '送达', kind: 'delivery', role: 'window-staff', limitDays: 0, remoteAllowed: false },
    ]);
    const { steps: _steps, version: _version, versions: _versions, reason, procedure, ...terms } = after;
    expect([reason, procedure]).toEqual(['流程再造', ['受理', '审查', '决定', '送达']]);
    const { steps: _none, version: _v, versions: _vs, procedure: _p, ...termsBefore } = before;
    expect(terms).toEqual(termsBefore);
  });

  it('reads a model drawn elsewhere from its tasks\' names and documentation', async () => {
    expect((await put('ZJJ-001', drawn(TASKS))).status).toBe(200);
    expect((await item('ZJJ-001')).steps).toEqual([
      { id: 'Activity_accept', name: '窗口受理', kind: 'acceptance', role: 'window-staff', limitDays: 0, remoteAllowed: false },
      { id: 'Activity_review', name: '材料审查', kind: 'review', role: 'reviewer', limitDays: 3, remoteAllowed: true },
      { id: 'Activity_decide', name: '审批决定', kind: 'decision', role: 'approver', limitDays: 1, remoteAllowed: true },
      { id: 'Activity_deliver', name: '制证送达', kind: 'delivery', role: 'window-staff', limitDays: 0, remoteAllowed: false },
    ]);
  });

  it('refuses, writing nothing, a model that is not a sequence, not BPMN, a step without a limit, steps over the promised limit; and anyone but the center', async () => {
    const before = await item('ZJJ-002');
    const refusals = [
      [drawn(TASKS, { gateway: true }), 'BPMN.NOT_A_SEQUENCE'],
      ['<html>not a model</html>', 'BPMN.UNREADABLE'],
      [drawn(TASKS.map((t) => (t.id === 'Activity_review' ? { ...t, doc: '尽快' } : t))), 'BPMN.STEP_LIMIT_MISSING'],
      [drawn(TASKS.map((t) => (t.id === 'Activity_review' ? { ...t, name: '开会' } : t))), 'BPMN.STEP_KIND_UNKNOWN'],
      [drawn(TASKS.map((t) => (t.id === 'Activity_review' ? { ...t, doc: '时限 12 个工作日' } : t))), 'PROCEDURE.STEPS_EXCEED_PROMISED_LIMIT'],
      [drawn(TASKS.filter((t) => t.id !== 'Activity_decide')), 'PROCEDURE.STEP_MISSING'],
    ] as const;
    for (const [bpmn, code] of refusals) expect([code, (await put('ZJJ-002', bpmn)).body]).toEqual([code, expect.objectContaining({ statusCode: 422, code })]);
    expect((await engine.request('PUT', '/api/catalog/items/ZJJ-002/procedure', { bpmn: drawn(TASKS) })).status).toBe(400);
    const clerk = { authorization: await engine.authorization(CLERK) };
    expect((await engine.request('PUT', '/api/catalog/items/ZJJ-002/procedure', { bpmn: drawn(TASKS), reason: 'x' }, clerk)).status).toBe(403);
    expect((await put('NO-SUCH-ITEM', drawn(TASKS))).status).toBe(404);
    expect(await item('ZJJ-002')).toEqual(before);
  });
});
