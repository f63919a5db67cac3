import {
  decideFeeCatalog, decideOrganization, decideServiceItem, evolveFeeCatalog, evolveOrganization, evolveServiceItem,
  FEE_CATALOG_STREAM, FeeCatalogCommand, FeeCatalogEvent, FeeCatalogState, initialFeeCatalogState, initialOrganizationState,
  initialServiceItemState, itemStreamId, ORGANIZATION_STREAM, OrganizationCommand, OrganizationEvent, OrganizationState,
  ServiceItemEvent, ServiceItemState,
} from '@gov/domain';
import { CommandMeta } from '../write/command-meta';
import { CommandRunner } from '../write/commands';
import { ReferenceData } from '../infrastructure/reference-data';
import { DEMO_DEPARTMENTS, DEMO_FEES, DEMO_ITEMS, DEMO_SUB_CENTERS, DEMO_WINDOWS } from './demo-catalog';

/** Fills an empty store with the demo catalog, through the same deciders as the API. */
export async function seedDemo(runner: CommandRunner, reference: ReferenceData, meta: CommandMeta): Promise<void> {
  const organization: OrganizationCommand[] = [
    ...DEMO_DEPARTMENTS.map((data) => ({ type: 'RegisterDepartment' as const, data })),
    ...DEMO_WINDOWS.map((data) => ({ type: 'RegisterWindow' as const, data })),
    ...DEMO_SUB_CENTERS.map((data) => ({ type: 'RegisterSubCenter' as const, data })),
  ];
  for (const command of organization) {
    await runner.run<OrganizationState, OrganizationEvent, null>({
      streamId: ORGANIZATION_STREAM, initialState: initialOrganizationState, evolve: evolveOrganization,
      decide: (state) => decideOrganization(command, state), respond: () => ({ status: 201, body: null }),
    }, meta);
  }
  for (const data of DEMO_FEES) {
    const command: FeeCatalogCommand = { type: 'PublishFeeEntry', data };
    await runner.run<FeeCatalogState, FeeCatalogEvent, null>({
      streamId: FEE_CATALOG_STREAM, initialState: initialFeeCatalogState, evolve: evolveFeeCatalog,
      decide: (state) => decideFeeCatalog(command, state), respond: () => ({ status: 201, body: null }),
    }, meta);
  }
  const current = await reference.current();
  for (const item of DEMO_ITEMS) {
    await runner.run<ServiceItemState, ServiceItemEvent, null>({
      streamId: itemStreamId(item.code), initialState: initialServiceItemState, evolve: evolveServiceItem,
      decide: (state) => decideServiceItem({ type: 'PublishItem', data: item }, state, {
        feeCatalog: current.feeCatalog, departmentExists: (id) => current.organization.departments.has(id),
      }),
      respond: () => ({ status: 201, body: null }),
    }, meta);
  }
}
