import { ItemVersion, procedureOf, ProcedureStep, StepRole } from '@gov/domain';
import type { ModdleElement } from 'bpmn-moddle';
import { bpmnModel } from './bpmn-model';

const ROLE_NAMES: Record<StepRole, string> = { 'window-staff': '窗口工作人员', reviewer: '审查人员', approver: '审批人（部门负责人或其委托人）' };
const TASK = { width: 100, height: 80 };
const EVENT = 36;
const GAP = 50;
const TOP = 80;

/**
 * An item version's procedure as BPMN 2.0 XML, built as a model with bpmn-moddle (not text):
 * a start event, one user task per step (its performer as potential owner, its limit and
 * whether it may be done remotely in its documentation, and all of the step in `gov:`
 * attributes, so it reads back exactly: PUT …/procedure), an end event, the flows between
 * them, and a diagram so the usual modelers (bpmn.io, Camunda Modeler) draw it.
 */
export async function procedureAsBpmn(item: ItemVersion): Promise<string> {
  const moddle = bpmnModel();
  const steps = procedureOf(item);
  const processId = `Process_${safeId(item.code)}_v${item.version}`;
  const start = moddle.create('bpmn:StartEvent', { id: 'StartEvent_received', name: '申请' });
  const tasks = steps.map((step) => moddle.create('bpmn:UserTask', {
    id: `Task_${safeId(step.id)}`, name: step.name,
    'gov:stepId': step.id, 'gov:kind': step.kind, 'gov:role': step.role, 'gov:limitDays': step.limitDays, 'gov:remoteAllowed': step.remoteAllowed,
    documentation: [moddle.create('bpmn:Documentation', { text: describe(step) })],
    resources: [moddle.create('bpmn:PotentialOwner', { id: `Owner_${safeId(step.id)}`, name: ROLE_NAMES[step.role] })],
  }));
  const end = moddle.create('bpmn:EndEvent', { id: 'EndEvent_done', name: '办结' });
  const nodes = [start, ...tasks, end];
  const flows = nodes.slice(1).map((target, i) => {
    const source = nodes[i]!;
    const flow = moddle.create('bpmn:SequenceFlow', { id: `Flow_${i + 1}`, sourceRef: source, targetRef: target });
    source.outgoing = [...(source.outgoing ?? []), flow];
    target.incoming = [...(target.incoming ?? []), flow];
    return flow;
  });
  const process = moddle.create('bpmn:Process', {
    id: processId, name: `${item.name}（${item.code} 第${item.version}版）`, isExecutable: false, flowElements: [...nodes, ...flows],
  });
  const definitions = moddle.create('bpmn:Definitions', {
    id: `Definitions_${safeId(item.code)}_v${item.version}`, targetNamespace: 'urn:gov:county-service-center:procedures',
    exporter: 'gov-engine', exporterVersion: '1', rootElements: [process], diagrams: [diagramOf(moddle, process, nodes, flows)],
  });
  const { xml } = await moddle.toXML(definitions, { format: true });
  return xml;
}

function diagramOf(moddle: ReturnType<typeof bpmnModel>, process: ModdleElement, nodes: ModdleElement[], flows: ModdleElement[]): ModdleElement {
  const bounds = new Map<ModdleElement, { x: number; y: number; width: number; height: number }>();
  let x = 100;
  for (const node of nodes) {
    const size = node.$type === 'bpmn:UserTask' ? TASK : { width: EVENT, height: EVENT };
    bounds.set(node, { x, y: TOP + (TASK.height - size.height) / 2, ...size });
    x += size.width + GAP;
  }
  const shapes = nodes.map((node) => moddle.create('bpmndi:BPMNShape', {
    id: `${node.id}_di`, bpmnElement: node, bounds: moddle.create('dc:Bounds', bounds.get(node)!),
  }));
  const edges = flows.map((flow) => {
    const from = bounds.get(flow.sourceRef)!;
    const to = bounds.get(flow.targetRef)!;
    const y = TOP + TASK.height / 2;
    return moddle.create('bpmndi:BPMNEdge', {
      id: `${flow.id}_di`, bpmnElement: flow,
      waypoint: [moddle.create('dc:Point', { x: from.x + from.width, y }), moddle.create('dc:Point', { x: to.x, y })],
    });
  });
  const plane = moddle.create('bpmndi:BPMNPlane', { id: 'BPMNPlane_1', bpmnElement: process, planeElement: [...shapes, ...edges] });
  return moddle.create('bpmndi:BPMNDiagram', { id: 'BPMNDiagram_1', plane });
}

function describe(step: ProcedureStep): string {
  const limit = step.limitDays === 0 ? '当日办结' : `时限 ${step.limitDays} 个工作日`;
  return `${limit}；${step.remoteAllowed ? '可远程办理' : '须在大厅办理'}（step ${step.id}, ${step.kind}, ${step.role}, ${step.limitDays} working days）`;
}

/** An XML id (NCName) from a code: letters, digits, dash, dot and underscore kept, anything else `_`. */
function safeId(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, '_');
}
