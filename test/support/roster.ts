import type { TestEngine } from './engine';

/**
 * Puts a decider on the center's roster (issue 22): an approver's decision is the case's, so the
 * token's subject must be a staff member the roster knows, authorized for the item. The roster
 * holds postings at a window, so the head is posted at their department's window; the grant is
 * recorded under the head who makes it.
 */
export async function postOnRoster(engine: TestEngine, staff: { staffId: string; departmentId: string; windowId: string; itemCodes: string[]; grantedBy: string }):
  Promise<void> {
  const posted = await engine.request('POST', '/api/staff', {
    staffId: staff.staffId, name: staff.staffId, departmentId: staff.departmentId, windowId: staff.windowId, postedOn: '2026-01-05',
  });
  if (posted.status !== 201) throw new Error(`posting ${staff.staffId}: ${posted.status} ${JSON.stringify(posted.body)}`);
  const head = { authorization: await engine.authorization({ subject: staff.grantedBy, role: 'department-head', departmentId: staff.departmentId }) };
  const granted = await engine.request('POST', `/api/staff/${staff.staffId}/authorizations`, { itemCodes: staff.itemCodes }, head);
  if (granted.status !== 200) throw new Error(`authorizing ${staff.staffId}: ${granted.status} ${JSON.stringify(granted.body)}`);
}
