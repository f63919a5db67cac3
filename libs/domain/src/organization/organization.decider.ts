import { DomainEvent, rule, Decider, DecisionContext } from '../shared';
import { windowServesRegisteredDepartments } from '../workflow/one-window';

export interface Department {
  readonly id: string;
  readonly name: string;
  /** Letters that prefix the department's case numbers, e.g. `SCJG`. */
  readonly caseNoPrefix: string;
}

export interface ServiceWindow {
  readonly id: string;
  readonly name: string;
  readonly departmentId: string;
  /** A comprehensive window (综合窗口) takes every item of its department. */
  readonly comprehensive: boolean;
  /** 一窗受理: the other departments whose items a comprehensive window also receives (issue 24). */
  readonly serves?: readonly string[];
}

/** A sub-center (分中心) with its own premises, accepting cases under the center's supervision. */
export interface SubCenter {
  readonly id: string;
  readonly name: string;
  readonly departmentId: string;
}

export type RegisterDepartment = { readonly type: 'RegisterDepartment'; readonly data: Department };
export type RegisterWindow = { readonly type: 'RegisterWindow'; readonly data: ServiceWindow };
export type RegisterSubCenter = { readonly type: 'RegisterSubCenter'; readonly data: SubCenter };
export type OrganizationCommand = RegisterDepartment | RegisterWindow | RegisterSubCenter;

export type DepartmentRegistered = DomainEvent<'DepartmentRegistered', Department>;
export type WindowRegistered = DomainEvent<'WindowRegistered', ServiceWindow>;
export type SubCenterRegistered = DomainEvent<'SubCenterRegistered', SubCenter>;
export type OrganizationEvent = DepartmentRegistered | WindowRegistered | SubCenterRegistered;

/** The center's organization is small and changes rarely: one stream holds it. */
export const ORGANIZATION_STREAM = 'organization';

export interface OrganizationState {
  readonly departments: ReadonlyMap<string, Department>;
  readonly windows: ReadonlyMap<string, ServiceWindow>;
  readonly subCenters: ReadonlyMap<string, SubCenter>;
}

export function initialOrganizationState(): OrganizationState {
  return { departments: new Map(), windows: new Map(), subCenters: new Map() };
}

export function decideOrganization(command: OrganizationCommand, state: OrganizationState): OrganizationEvent[] {
  switch (command.type) {
    case 'RegisterDepartment': {
      const { id, caseNoPrefix } = command.data;
      rule('DepartmentIdIsUnique', 'ORG.DEPARTMENT_EXISTS', 'conflict', !state.departments.has(id), `department ${id} is already registered`);
      const prefixTaken = [...state.departments.values()].some((d) => d.caseNoPrefix === caseNoPrefix);
      rule('CaseNumberPrefixIsUnique', 'ORG.CASE_NO_PREFIX_TAKEN', 'conflict', !prefixTaken,
        `case-number prefix ${caseNoPrefix} belongs to another department`);
      return [{ type: 'DepartmentRegistered', data: command.data }];
    }
    case 'RegisterWindow':
      rule('WindowIdIsUnique', 'ORG.WINDOW_EXISTS', 'conflict', !state.windows.has(command.data.id), `window ${command.data.id} is already registered`);
      departmentMustExist(state, command.data.departmentId);
      windowServesRegisteredDepartments(command.data, (id) => state.departments.has(id));
      return [{ type: 'WindowRegistered', data: command.data }];
    case 'RegisterSubCenter':
      rule('SubCenterIdIsUnique', 'ORG.SUB_CENTER_EXISTS', 'conflict', !state.subCenters.has(command.data.id),
        `sub-center ${command.data.id} is already registered`);
      departmentMustExist(state, command.data.departmentId);
      return [{ type: 'SubCenterRegistered', data: command.data }];
  }
}

export function evolveOrganization(state: OrganizationState, event: OrganizationEvent): OrganizationState {
  switch (event.type) {
    case 'DepartmentRegistered':
      return { ...state, departments: new Map(state.departments).set(event.data.id, event.data) };
    case 'WindowRegistered':
      return { ...state, windows: new Map(state.windows).set(event.data.id, event.data) };
    case 'SubCenterRegistered':
      return { ...state, subCenters: new Map(state.subCenters).set(event.data.id, event.data) };
  }
}

function departmentMustExist(state: OrganizationState, departmentId: string): void {
  rule('DepartmentMustExist', 'ORG.UNKNOWN_DEPARTMENT', 'unprocessable', state.departments.has(departmentId),
    `department ${departmentId} is not registered`, { departmentId });
}

/** The center's organization: departments, windows, sub-centers. */
export const organizationDecider: Decider<OrganizationCommand, OrganizationState, OrganizationEvent, DecisionContext> = {
  initialState: initialOrganizationState, evolve: evolveOrganization, decide: (command, state) => decideOrganization(command, state),
};
