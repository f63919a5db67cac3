import { createHash } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import type { OrganizationCommand, OrganizationState, QueueSetupCommand, StaffCommand } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { FeeCommand, ItemCommand } from '../catalog';
import { ChangeOrganizationCommand } from '../organization';
import { QueueSetupActionCommand } from '../queue';
import { demoSeedKey } from '../infrastructure/demo-seed-state';
import { StaffActionCommand } from '../staff';
import { shanghaiDateOf } from '@gov/domain';
import type { CommandMeta } from '../write/command-meta';
import { DEMO_CLERKS, DEMO_DEPARTMENTS, DEMO_FEES, DEMO_ITEMS, DEMO_SUB_CENTERS, DEMO_WINDOWS } from './demo-catalog';
import { DEMO_COMPREHENSIVE_WINDOW, DEMO_HEADS, DEMO_QUEUES, DEMO_STEP_ITEMS, DEMO_WINDOW_QUEUES } from './demo-hall';

/**
 * The demo catalog as commands, each under an Idempotency-Key of its own
 * (infrastructure/demo-seed-state.ts: a slash, which no HTTP client may send). A seed interrupted half-way (a kill a second after
 * the first start) is finished by the next start: the commands already stored answer from
 * their records, the missing ones append. Its first key's record says a seed began; its last
 * key's, that it is complete. The hall's front (demo-hall.ts) comes after the catalog, under
 * the keys that follow, so a store seeded before it had them (or with `SEED_DEMO=catalog`) is
 * complete without it and never gets it on a later start.
 */
function demoCommands(meta: CommandMeta, hall: boolean): object[] {
  const organization: OrganizationCommand[] = [
    ...DEMO_DEPARTMENTS.map((data) => ({ type: 'RegisterDepartment' as const, data })),
    ...DEMO_WINDOWS.map((data) => ({ type: 'RegisterWindow' as const, data })),
    ...DEMO_SUB_CENTERS.map((data) => ({ type: 'RegisterSubCenter' as const, data })),
  ];
  const total = hall ? DEMO_SEED_COMMANDS + DEMO_HALL_COMMANDS : DEMO_SEED_COMMANDS;
  const keyed = (n: number, command: object): CommandMeta => ({ ...meta, idempotency: { key: demoSeedKey(n, total), requestHash: hashOf(command) } });
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
  if (!hall) return commands;
  for (const { command, make } of demoHallCommands(meta)) commands.push(make(keyed(commands.length, command)));
  return commands;
}

/** The organization the hall's commands check against: the catalog's, with the comprehensive window (registered first). */
function demoOrganization(): OrganizationState {
  return {
    departments: new Map(DEMO_DEPARTMENTS.map((d) => [d.id, d])),
    windows: new Map([...DEMO_WINDOWS, DEMO_COMPREHENSIVE_WINDOW].map((w) => [w.id, w])),
    subCenters: new Map(DEMO_SUB_CENTERS.map((c) => [c.id, c])),
  };
}

/**
 * The hall's front, in order: the comprehensive window, the items with steps, the queues and the
 * window's, the clerks' grants for the new items, the heads posted and authorized.
 */
function demoHallCommands(meta: CommandMeta): { command: object; make: (meta: CommandMeta) => object }[] {
  const organization = demoOrganization();
  const hall: { command: object; make: (meta: CommandMeta) => object }[] = [];
  const window: OrganizationCommand = { type: 'RegisterWindow', data: DEMO_COMPREHENSIVE_WINDOW };
  hall.push({ command: window, make: (keyed) => new ChangeOrganizationCommand(window, keyed) });
  for (const item of DEMO_STEP_ITEMS) {
    const command = { type: 'PublishItem' as const, data: item };
    hall.push({ command, make: (keyed) => new ItemCommand(command, keyed, 201) });
  }
  const queueSetup: QueueSetupCommand[] = [
    ...DEMO_QUEUES.map((queue) => ({ type: 'DefineQueue' as const, data: { ...queue, organization } })),
    { type: 'SetWindowQueues', data: { ...DEMO_WINDOW_QUEUES, organization } },
  ];
  for (const command of queueSetup) {
    hall.push({ command, make: (keyed) => new QueueSetupActionCommand(command, keyed, command.type === 'DefineQueue' ? 201 : 200) });
  }
  const itemsOf = (departmentId: string, items: readonly { code: string; terms: { departmentId: string } }[]) =>
    items.filter((item) => item.terms.departmentId === departmentId).map((item) => ({ code: item.code, departmentId }));
  for (const clerk of DEMO_CLERKS) {
    const items = itemsOf(clerk.departmentId, DEMO_STEP_ITEMS);
    if (items.length === 0) continue;
    const command: StaffCommand = { type: 'AuthorizeStaff', data: { itemCodes: items.map((item) => item.code), grantedBy: clerk.grantedBy, items } };
    hall.push({ command, make: (keyed) => new StaffActionCommand(clerk.staffId, command, keyed) });
  }
  for (const head of DEMO_HEADS) {
    const post: StaffCommand = {
      type: 'PostStaff',
      data: { staffId: head.staffId, name: head.name, departmentId: head.departmentId, windowId: head.windowId, postedOn: shanghaiDateOf(meta.now),
        department: organization.departments.get(head.departmentId) ?? null, window: organization.windows.get(head.windowId) ?? null },
    };
    hall.push({ command: post, make: (keyed) => new StaffActionCommand(head.staffId, post, keyed, 201) });
    const items = itemsOf(head.departmentId, [...DEMO_ITEMS, ...DEMO_STEP_ITEMS]);
    const grant: StaffCommand = { type: 'AuthorizeStaff', data: { itemCodes: items.map((item) => item.code), grantedBy: head.staffId, items } };
    hall.push({ command: grant, make: (keyed) => new StaffActionCommand(head.staffId, grant, keyed) });
  }
  return hall;
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

/** How many commands the demo seed's catalog is (without the hall's front). */
export const DEMO_SEED_COMMANDS = DEMO_DEPARTMENTS.length + DEMO_WINDOWS.length + DEMO_SUB_CENTERS.length + DEMO_FEES.length + DEMO_ITEMS.length
  + DEMO_CLERKS.length + CLERKS_AUTHORIZED;

/** How many commands the hall's front adds (demo-hall.ts). */
export const DEMO_HALL_COMMANDS = 1 + DEMO_STEP_ITEMS.length + DEMO_QUEUES.length + 1
  + DEMO_CLERKS.filter((clerk) => DEMO_STEP_ITEMS.some((item) => item.terms.departmentId === clerk.departmentId)).length + 2 * DEMO_HEADS.length;

/**
 * Fills the store with the demo catalog, and unless `hall` is false the hall's front, through the
 * same commands as the API, or finishes a seed that was cut short; returns how many commands appended.
 */
export async function seedDemo(commandBus: CommandBus, store: EventStore, meta: CommandMeta, options: { hall?: boolean } = {}): Promise<number> {
  let appended = 0;
  for (const command of demoCommands(meta, options.hall ?? true)) {
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
