import { createHash } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import type { OrganizationCommand, StaffCommand } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { FeeCommand, ItemCommand } from '../catalog';
import { ChangeOrganizationCommand } from '../organization';
import { demoSeedKey } from '../infrastructure/demo-seed-state';
import { StaffActionCommand } from '../staff';
import { shanghaiDateOf } from '@gov/domain';
import type { CommandMeta } from '../write/command-meta';
import { DEMO_CLERKS, DEMO_DEPARTMENTS, DEMO_FEES, DEMO_ITEMS, DEMO_SUB_CENTERS, DEMO_WINDOWS } from './demo-catalog';

/**
 * The demo catalog as commands, each under an Idempotency-Key of its own
 * (infrastructure/demo-seed-state.ts: a slash, which no HTTP client may send). A seed interrupted half-way (a kill a second after
 * the first start) is finished by the next start: the commands already stored answer from
 * their records, the missing ones append. Its first key's record says a seed began; its last
 * key's, that it is complete.
 */
function demoCommands(meta: CommandMeta): object[] {
  const organization: OrganizationCommand[] = [
    ...DEMO_DEPARTMENTS.map((data) => ({ type: 'RegisterDepartment' as const, data })),
    ...DEMO_WINDOWS.map((data) => ({ type: 'RegisterWindow' as const, data })),
    ...DEMO_SUB_CENTERS.map((data) => ({ type: 'RegisterSubCenter' as const, data })),
  ];
  const keyed = (n: number, command: object): CommandMeta => ({ ...meta, idempotency: { key: demoSeedKey(n, DEMO_SEED_COMMANDS), requestHash: hashOf(command) } });
  const commands: object[] = [];
  for (const command of organization) commands.push(new ChangeOrganizationCommand(command, keyed(commands.length, command)));
  for (const data of DEMO_FEES) {
    const command = { type: 'PublishFeeEntry' as const, data };
    commands.push(new FeeCommand(command, keyed(commands.length, command), 201));
  }
  for (const item of DEMO_ITEMS) {
    const command = { type: 'PublishItem' as const, data: item };
    commands.push(new ItemCommand(command, keyed(commands.length, command), 201));
  }
  for (const { staffId, command } of demoClerkCommands(meta)) {
    commands.push(new StaffActionCommand(staffId, command, keyed(commands.length, command), command.type === 'PostStaff' ? 201 : 200));
  }
  return commands;
}

/** The demo clerks (clerk-<department>), posted on the seed's day and authorized for their department's items. */
function demoClerkCommands(meta: CommandMeta): { staffId: string; command: StaffCommand }[] {
  return DEMO_CLERKS.flatMap((clerk) => {
    const department = DEMO_DEPARTMENTS.find((candidate) => candidate.id === clerk.departmentId) ?? null;
    const window = DEMO_WINDOWS.find((candidate) => candidate.id === clerk.windowId) ?? null;
    const posting = { staffId: clerk.staffId, name: clerk.name, departmentId: clerk.departmentId, windowId: clerk.windowId, postedOn: shanghaiDateOf(meta.now), department, window };
    const items = DEMO_ITEMS.filter((item) => item.terms.departmentId === clerk.departmentId).map((item) => ({ code: item.code, departmentId: item.terms.departmentId }));
    const post: StaffCommand = { type: 'PostStaff', data: posting };
    if (items.length === 0) return [{ staffId: clerk.staffId, command: post }];
    const grant: StaffCommand = { type: 'AuthorizeStaff', data: { itemCodes: items.map((item) => item.code), grantedBy: clerk.grantedBy, items } };
    return [{ staffId: clerk.staffId, command: post }, { staffId: clerk.staffId, command: grant }];
  });
}

const CLERKS_AUTHORIZED = DEMO_CLERKS.filter((clerk) => DEMO_ITEMS.some((item) => item.terms.departmentId === clerk.departmentId)).length;

/** How many commands the demo seed is. */
export const DEMO_SEED_COMMANDS = DEMO_DEPARTMENTS.length + DEMO_WINDOWS.length + DEMO_SUB_CENTERS.length + DEMO_FEES.length + DEMO_ITEMS.length
  + DEMO_CLERKS.length + CLERKS_AUTHORIZED;

/** Fills the store with the demo catalog through the same commands as the API, or finishes a seed that was cut short; returns how many commands appended. */
export async function seedDemo(commandBus: CommandBus, store: EventStore, meta: CommandMeta): Promise<number> {
  let appended = 0;
  for (const command of demoCommands(meta)) {
    const key = (command as { meta: CommandMeta }).meta.idempotency?.key as string;
    if (await store.findIdempotencyRecord(key)) continue;
    await commandBus.execute(command as never);
    appended += 1;
  }
  return appended;
}

function hashOf(command: object): string {
  return createHash('sha256').update(JSON.stringify(command)).digest('hex');
}
