import { ProcedureStep, RuleViolation, STEP_KINDS, STEP_ROLES, StepKind, StepRole, step } from '@gov/domain';
import type { ModdleElement } from 'bpmn-moddle';
import { bpmnModel } from './bpmn-model';

const TASK_TYPES = new Set(['bpmn:UserTask', 'bpmn:Task', 'bpmn:ManualTask']);
/** What a task's name says of its kind, for a model drawn without `gov:kind` (the usual words of a 办事指南). */
const KIND_WORDS: readonly [StepKind, RegExp][] = [
  ['acceptance', /受理/],
  ['review', /审查|审核|核查|核实|初审|复审|勘验|踏勘|评审/],
  ['decision', /决定|审批|批准|核准|签发|登簿|许可/],
  ['delivery', /送达|发证|出证|领证|办结|制证/],
];

/**
 * An item's procedure read from a BPMN 2.0 model (bpmn-moddle): one process, a start event,
 * then a single path of tasks to an end event — the engine's procedures are a sequence of
 * steps, so a gateway, a branch or a task off the path is refused with what to change. Each
 * task is one step: its `gov:` attributes when the model came from the engine (GET …/bpmn),
 * else its kind from its name (受理, 审查, 决定, 送达…), its limit from its documentation
 * (时限 N 个工作日, 当日办结), remote work as its documentation says (可远程办理) or as usual for
 * its kind. Whether the steps make a lawful procedure is the catalog's rule (PROCEDURE.*).
 */
export async function procedureFromBpmn(xml: string): Promise<ProcedureStep[]> {
  const definitions = await read(xml);
  const processes = (definitions.rootElements ?? []).filter((element: ModdleElement) => element.$type === 'bpmn:Process');
  refuseUnless(processes.length === 1, 'BPMN.ONE_PROCESS', `the model must hold exactly one process (it holds ${processes.length})`);
  const elements: ModdleElement[] = processes[0].flowElements ?? [];
  const starts = elements.filter((element) => element.$type === 'bpmn:StartEvent');
  refuseUnless(starts.length === 1, 'BPMN.NOT_A_SEQUENCE', `the process needs exactly one start event (it has ${starts.length})`);
  const tasks = pathFrom(starts[0]);
  const stray = elements.filter((element) => TASK_TYPES.has(element.$type) && !tasks.includes(element));
  refuseUnless(stray.length === 0, 'BPMN.NOT_A_SEQUENCE', `every task must lie on the one path from start to end; off it: ${stray.map(label).join(', ')}`);
  refuseUnless(tasks.length > 0, 'BPMN.NO_STEPS', 'the path from start to end has no task: a procedure has at least one step');
  return tasks.map(stepOf);
}

async function read(xml: string): Promise<ModdleElement> {
  try {
    return (await bpmnModel().fromXML(xml)).rootElement;
  } catch (error) {
    throw new RuleViolation('BPMN.UNREADABLE', 'ProcedureIsBpmn', `not a BPMN 2.0 model: ${(error as Error).message.split('\n')[0]}`, 'unprocessable');
  }
}

/** The tasks met from the start event along single flows to an end event, in order. */
function pathFrom(start: ModdleElement): ModdleElement[] {
  const tasks: ModdleElement[] = [];
  const seen = new Set<ModdleElement>();
  for (let node = start; ;) {
    const outgoing: ModdleElement[] = node.outgoing ?? [];
    refuseUnless(outgoing.length === 1, 'BPMN.NOT_A_SEQUENCE',
      `${label(node)} has ${outgoing.length} outgoing flows: a procedure is one path of steps (no gateway, no branch, an end event last)`);
    const next: ModdleElement | undefined = outgoing[0].targetRef;
    refuseUnless(next !== undefined && !seen.has(next), 'BPMN.NOT_A_SEQUENCE', `the flow out of ${label(node)} loops back or leads nowhere`);
    if (next!.$type === 'bpmn:EndEvent') return tasks;
    refuseUnless(TASK_TYPES.has(next!.$type), 'BPMN.NOT_A_SEQUENCE', `${label(next!)} is a ${next!.$type.replace('bpmn:', '')}: only tasks may stand between start and end`);
    seen.add(next!);
    tasks.push(next!);
    node = next!;
  }
}

function stepOf(task: ModdleElement): ProcedureStep {
  const name = String(task.name ?? '').trim();
  const documentation = (task.documentation ?? []).map((entry: ModdleElement) => String(entry.text ?? '')).join('\n');
  const kind = (task.get('gov:kind') as string | undefined) ?? KIND_WORDS.find(([, words]) => words.test(name))?.[0];
  refuseUnless(kind !== undefined, 'BPMN.STEP_KIND_UNKNOWN', `${label(task)}: its name does not say which step it is (受理, 审查, 决定, 送达); give it gov:kind`);
  refuseUnless((STEP_KINDS as readonly string[]).includes(kind!), 'BPMN.STEP_KIND_UNKNOWN', `${label(task)}: gov:kind must be one of ${STEP_KINDS.join(', ')}`);
  const role = task.get('gov:role') as string | undefined;
  refuseUnless(role === undefined || (STEP_ROLES as readonly string[]).includes(role), 'BPMN.STEP_ROLE_UNKNOWN', `${label(task)}: gov:role must be one of ${STEP_ROLES.join(', ')}`);
  const limitDays = (task.get('gov:limitDays') as number | undefined) ?? limitIn(documentation);
  refuseUnless(limitDays !== undefined && Number.isInteger(limitDays) && limitDays >= 0 && limitDays <= 365, 'BPMN.STEP_LIMIT_MISSING',
    `${label(task)}: no limit in working days (gov:limitDays, or "时限 N 个工作日" / "当日办结" in its documentation)`);
  const remote = task.get('gov:remoteAllowed') as boolean | undefined;
  const id = (task.get('gov:stepId') as string | undefined) ?? String(task.id).replace(/^Task_/, '');
  refuseUnless(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(id), 'BPMN.STEP_ID_INVALID', `${label(task)}: a step id is 1 to 64 letters, digits, dot, dash or underscore (gov:stepId, or the task's id)`);
  const usual = step(kind as StepKind, limitDays!);
  return {
    ...usual,
    id,
    ...(name ? { name: name.slice(0, 100) } : {}),
    ...(role ? { role: role as StepRole } : {}),
    remoteAllowed: remote ?? (/可远程/.test(documentation) ? true : /须在大厅|现场/.test(documentation) ? false : usual.remoteAllowed),
  };
}

function limitIn(documentation: string): number | undefined {
  if (/当日办结|即办/.test(documentation)) return 0;
  const days = /时限\s*(\d{1,3})\s*个?工作日/.exec(documentation) ?? /(\d{1,3})\s*working days?/.exec(documentation);
  return days ? Number(days[1]) : undefined;
}

function label(element: ModdleElement): string {
  return element.name ? `"${String(element.name)}" (${String(element.id)})` : String(element.id);
}

function refuseUnless(holds: boolean, code: string, message: string): void {
  if (!holds) throw new RuleViolation(code, 'ProcedureIsASequenceOfSteps', message, 'unprocessable');
}
