import { deciderSpec } from '../testing/decider-spec';
import { decideOrganization, evolveOrganization, initialOrganizationState } from './organization.decider';

const spec = deciderSpec({ decide: decideOrganization, evolve: evolveOrganization, initialState: initialOrganizationState });
const department = { type: 'DepartmentRegistered' as const, data: { id: 'scjg', name: '市场监管局', caseNoPrefix: 'SCJG' } };

describe('organization', () => {
  it('registers departments with unique ids and case-number prefixes', () => {
    spec.given([]).when({ type: 'RegisterDepartment', data: department.data }, undefined).then([department]);
    spec.given([department]).when({ type: 'RegisterDepartment', data: department.data }, undefined).thenThrows('ORG.DEPARTMENT_EXISTS');
    spec.given([department]).when({ type: 'RegisterDepartment', data: { id: 'other', name: 'x', caseNoPrefix: 'SCJG' } }, undefined)
      .thenThrows('ORG.CASE_NO_PREFIX_TAKEN');
  });

  it('registers windows and sub-centers of registered departments only', () => {
    const window = { id: 'w1', name: '1号窗口', departmentId: 'scjg', comprehensive: true };
    spec.given([department]).when({ type: 'RegisterWindow', data: window }, undefined).then([{ type: 'WindowRegistered', data: window }]);
    spec.given([]).when({ type: 'RegisterWindow', data: window }, undefined).thenThrows('ORG.UNKNOWN_DEPARTMENT');
    spec.given([department]).when({ type: 'RegisterSubCenter', data: { id: 'jj', name: '交警大队', departmentId: 'ga' } }, undefined)
      .thenThrows('ORG.UNKNOWN_DEPARTMENT');
  });
});
