import { BpmnModdle } from 'bpmn-moddle';
import { DEMO_ITEMS } from '../../apps/engine/src/bootstrap/demo-catalog';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

const promised = DEMO_ITEMS.find((i) => i.terms.category === 'promised' && i.terms.departmentId === 'scjg')!;
const steps = [
  { id: 'acceptance', name: '受理', kind: 'acceptance', role: 'window-staff', limitDays: 0, remoteAllowed: false },
  { id: 'review', name: '审查', kind: 'review', role: 'reviewer', limitDays: 2, remoteAllowed: true },
  { id: 'decision', name: '决定', kind: 'decision', role: 'approver', limitDays: 1, remoteAllowed: true },
  { id: 'delivery', name: '送达', kind: 'delivery', role: 'window-staff', limitDays: 0, remoteAllowed: false },
];

/** The workflow inside a case (issue 24): procedures as data, their BPMN export. */
describe('the workflow inside a case', () => {
  let engine: TestEngine;
  const bpmn = async (url: string) => {
    const authorization = await engine.authorization({ subject: 'clerk', role: 'window-staff', departmentId: 'scjg', windowId: 'w-scjg' });
    const response = await engine.app.inject({ method: 'GET', url, headers: { authorization } });
    return { status: response.statusCode, type: response.headers['content-type'], body: response.body };
  };

  beforeAll(async () => {
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z' });
  });

  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
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
});
