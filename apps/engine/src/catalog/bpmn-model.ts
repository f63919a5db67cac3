import { BpmnModdle, BpmnModdleInstance } from 'bpmn-moddle';

/** Where the engine's own attributes of a BPMN user task live (`gov:kind="review"` …). */
export const GOV_NAMESPACE = 'urn:gov:county-service-center:bpmn';

/**
 * The engine's extension of BPMN 2.0, as a moddle package: the step a user task is (its id,
 * kind, performer, limit in working days, whether it may be done remotely), so an exported
 * procedure reads back exactly, while a model drawn elsewhere without them is read from the
 * tasks' names and documentation (procedure-from-bpmn.ts).
 */
const GOV_PACKAGE = {
  name: 'Gov', prefix: 'gov', uri: GOV_NAMESPACE, xml: { tagAlias: 'lowerCase' }, associations: [],
  types: [{
    name: 'ProcedureStep', extends: ['bpmn:Task'],
    properties: [
      { name: 'stepId', isAttr: true, type: 'String' },
      { name: 'kind', isAttr: true, type: 'String' },
      { name: 'role', isAttr: true, type: 'String' },
      { name: 'limitDays', isAttr: true, type: 'Integer' },
      { name: 'remoteAllowed', isAttr: true, type: 'Boolean' },
    ],
  }],
};

export function bpmnModel(): BpmnModdleInstance {
  return BpmnModdle({ gov: GOV_PACKAGE });
}
