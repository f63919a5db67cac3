import type { CommandBus } from '@nestjs/cqrs';
import type { OrganizationCommand } from '@gov/domain';
import { FeeCommand, ItemCommand } from '../catalog';
import { ChangeOrganizationCommand } from '../organization';
import { StaffActionCommand } from '../staff';
import { shanghaiDateOf } from '@gov/domain';
import type { CommandMeta } from '../write/command-meta';
import { DEMO_CLERKS, DEMO_DEPARTMENTS, DEMO_FEES, DEMO_ITEMS, DEMO_SUB_CENTERS, DEMO_WINDOWS } from './demo-catalog';

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
  await seedDemoClerks(commandBus, meta);
}

/** The demo clerks, posted on the seed's day and authorized for their department's items, through the staff commands. */
async function seedDemoClerks(commandBus: CommandBus, meta: CommandMeta): Promise<void> {
  for (const clerk of DEMO_CLERKS) {
    const department = DEMO_DEPARTMENTS.find((candidate) => candidate.id === clerk.departmentId) ?? null;
    const window = DEMO_WINDOWS.find((candidate) => candidate.id === clerk.windowId) ?? null;
    const posting = { staffId: clerk.staffId, name: clerk.name, departmentId: clerk.departmentId, windowId: clerk.windowId, postedOn: shanghaiDateOf(meta.now), department, window };
    await commandBus.execute(new StaffActionCommand(clerk.staffId, { type: 'PostStaff', data: posting }, meta, 201));
    const items = DEMO_ITEMS.filter((item) => item.terms.departmentId === clerk.departmentId).map((item) => ({ code: item.code, departmentId: item.terms.departmentId }));
    if (items.length === 0) continue;
    const grant = { itemCodes: items.map((item) => item.code), grantedBy: clerk.grantedBy, items };
    await commandBus.execute(new StaffActionCommand(clerk.staffId, { type: 'AuthorizeStaff', data: grant }, meta));
  }
}
