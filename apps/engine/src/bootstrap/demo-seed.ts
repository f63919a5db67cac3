import type { CommandBus } from '@nestjs/cqrs';
import type { OrganizationCommand } from '@gov/domain';
import { FeeCommand, ItemCommand } from '../catalog';
import { ChangeOrganizationCommand } from '../organization';
import type { CommandMeta } from '../write/command-meta';
import { DEMO_DEPARTMENTS, DEMO_FEES, DEMO_ITEMS, DEMO_SUB_CENTERS, DEMO_WINDOWS } from './demo-catalog';

/** Fills an empty store with the demo catalog, through the same commands as the API. */
export async function seedDemo(commandBus: CommandBus, meta: CommandMeta): Promise<void> {
  const organization: OrganizationCommand[] = [
    ...DEMO_DEPARTMENTS.map((data) => ({ type: 'RegisterDepartment' as const, data })),
    ...DEMO_WINDOWS.map((data) => ({ type: 'RegisterWindow' as const, data })),
    ...DEMO_SUB_CENTERS.map((data) => ({ type: 'RegisterSubCenter' as const, data })),
  ];
  for (const command of organization) await commandBus.execute(new ChangeOrganizationCommand(command, meta));
  for (const data of DEMO_FEES) await commandBus.execute(new FeeCommand({ type: 'PublishFeeEntry', data }, meta, 201));
  for (const item of DEMO_ITEMS) await commandBus.execute(new ItemCommand({ type: 'PublishItem', data: item }, meta, 201));
}
