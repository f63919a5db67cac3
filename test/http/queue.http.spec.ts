import * as http from 'node:http';
import { engineForEachTest, sh } from '../support/engine-per-test';
import { onServerSentEvents } from '../support/sse';

describe('tickets and calling (排队叫号)', () => {
  const engine = engineForEachTest(sh('2026-12-07 09:00'));
  const as = async (principal: Parameters<typeof engine.authorization>[0]) => ({ authorization: await engine.authorization(principal) });
  const admin = () => as({ subject: 'admin', role: 'center-admin' });
  const clerk = (windowId: string, departmentId = 'scjg') => as({ subject: `clerk-${windowId}`, role: 'window-staff', departmentId, windowId });

  /** Two queues; a second scjg window; w-scjg, the comprehensive window, also calls from the land registry's queue. */
  const setUp = async () => {
    const a = await admin();
    expect((await engine.request('POST', '/api/queue/queues', { queueId: 'q-scjg', name: '市场准入', prefix: 'A', departmentIds: ['scjg'] }, a)).status).toBe(201);
    expect((await engine.request('POST', '/api/queue/queues', { queueId: 'q-zrzy', name: '不动产登记', prefix: 'B', departmentIds: ['zrzy'] }, a)).status).toBe(201);
    expect((await engine.request('POST', '/api/windows', { id: 'w-scjg-2', name: '市场监管2号窗口', departmentId: 'scjg', comprehensive: false }, a)).status).toBe(201);
    expect((await engine.request('PUT', '/api/queue/windows/w-scjg/queues', { queueIds: ['q-scjg', 'q-zrzy'] }, a)).status).toBe(200);
  };
  const draw = async (body: object) => {
    const response = await engine.app.inject({ method: 'POST', url: '/api/queue/tickets', payload: body });
    expect(response.statusCode).toBe(201);
    return response.json();
  };

  it('draws numbered tickets without a token, calls them across a comprehensive window\'s queues, and measures the wait to the case', async () => {
    await setUp();
    const first = await draw({ itemCode: 'SCJG-001' });
    expect(first).toMatchObject({ ticketId: '20261207-A001', ticketNo: 'A001', queueId: 'q-scjg', queueName: '市场准入', waitingAhead: 0 });
    engine.clock.set(sh('2026-12-07 09:01'));
    expect(await draw({ departmentId: 'zrzy' })).toMatchObject({ ticketNo: 'B001' });
    engine.clock.set(sh('2026-12-07 09:02'));
    expect(await draw({ departmentId: 'scjg' })).toMatchObject({ ticketNo: 'A002', waitingAhead: 1 });

    const queues = (await engine.app.inject({ method: 'GET', url: '/api/queue/queues' })).json();
    expect(queues.map((q: any) => [q.prefix, q.windows.map((w: any) => w.id)])).toEqual([['A', ['w-scjg', 'w-scjg-2']], ['B', ['w-scjg', 'w-zrzy']]]);

    engine.clock.set(sh('2026-12-07 09:10'));
    const w1 = await clerk('w-scjg');
    const call = await engine.request('POST', '/api/queue/windows/w-scjg/call-next', undefined, w1);
    expect(call).toMatchObject({ status: 200, body: { ticketNo: 'A001', windowId: 'w-scjg', queueName: '市场准入' } });
    // The comprehensive window takes the earliest of its two queues next: B001 (09:01) before A002 (09:02).
    expect((await engine.request('POST', '/api/queue/windows/w-scjg/call-next', undefined, w1)).body.ticketNo).toBe('B001');

    const board = (await engine.app.inject({ method: 'GET', url: '/api/queue/board' })).json();
    expect(board.queues).toEqual([
      { queueId: 'q-scjg', name: '市场准入', prefix: 'A', waiting: 1 }, { queueId: 'q-zrzy', name: '不动产登记', prefix: 'B', waiting: 0 }]);
    expect(board.calls.map((c: any) => [c.ticketNo, c.windowName])).toEqual([['B001', '市场监管综合窗口'], ['A001', '市场监管综合窗口']]);

    engine.clock.set(sh('2026-12-07 09:25'));
    const received = await engine.request('POST', '/api/cases', {
      itemCode: 'SCJG-001', channel: 'window', windowId: 'w-scjg', ticketId: first.ticketId,
      applicant: { kind: 'person', name: '张三' }, materials: ['申请书'],
    }, w1);
    expect(received.status).toBe(201);
    const panel = await engine.request('GET', '/api/queue/windows/w-scjg', undefined, w1);
    expect(panel.body).toMatchObject({ windowName: '市场监管综合窗口', current: { ticketNo: 'B001' },
      waiting: [{ queueId: 'q-scjg', name: '市场准入', waiting: 1 }, { queueId: 'q-zrzy', name: '不动产登记', waiting: 0 }] });

    const figures = await engine.request('GET', '/api/queue/figures?from=2026-12-07&to=2026-12-07', undefined, await admin());
    expect(figures.status).toBe(200);
    expect(figures.body.total).toMatchObject({ tickets: 3, called: 2, served: 1, noShows: 0, waitedMinutes: { median: 25, p90: 25 } });
    expect(figures.body.byQueue.map((q: any) => [q.queueId, q.tickets, q.served])).toEqual([['q-scjg', 2, 1], ['q-zrzy', 1, 0]]);
  });

  it('recalls, marks no-shows, transfers within the queue, and keeps appointments for their slot', async () => {
    await setUp();
    await draw({ departmentId: 'scjg' });
    await draw({ departmentId: 'scjg' });
    const portal = await as({ subject: 'portal', role: 'integration', channel: 'online' });
    const booked = await engine.request('POST', '/api/queue/appointments', { departmentId: 'scjg', slot: { from: sh('2026-12-07 10:00'), to: sh('2026-12-07 10:30') } }, portal);
    expect(booked).toMatchObject({ status: 201, body: { ticketNo: 'A003' } });
    const tomorrow = await engine.request('POST', '/api/queue/appointments', { departmentId: 'scjg', slot: { from: sh('2026-12-08 10:00'), to: sh('2026-12-08 10:30') } }, portal);
    expect(tomorrow.body).toMatchObject({ ticketNo: 'A001', ticketId: '20261208-A001' });

    const w1 = await clerk('w-scjg');
    const w2 = await clerk('w-scjg-2');
    expect((await engine.request('POST', '/api/queue/windows/w-scjg/call-next', undefined, w1)).body.ticketNo).toBe('A001');
    expect((await engine.request('POST', '/api/queue/tickets/20261207-A001/recall', { windowId: 'w-scjg' }, w1)).body).toMatchObject({ times: 1 });
    expect((await engine.request('POST', '/api/queue/tickets/20261207-A001/recall', { windowId: 'w-scjg-2' }, w2)).body.code).toBe('QUEUE.NOT_CALLED_HERE');
    expect((await engine.request('POST', '/api/queue/tickets/20261207-A001/transfer', { windowId: 'w-scjg', toWindowId: 'w-zjj' }, w1)).body.code)
      .toBe('QUEUE.WINDOW_DOES_NOT_SERVE');
    expect((await engine.request('POST', '/api/queue/tickets/20261207-A001/transfer', { windowId: 'w-scjg', toWindowId: 'w-scjg-2' }, w1)).status).toBe(200);
    // The transferred ticket is w-scjg-2's first; the walk-in A002 goes to w-scjg.
    expect((await engine.request('POST', '/api/queue/windows/w-scjg-2/call-next', undefined, w2)).body.ticketNo).toBe('A001');
    expect((await engine.request('POST', '/api/queue/windows/w-scjg/call-next', undefined, w1)).body.ticketNo).toBe('A002');
    expect((await engine.request('POST', '/api/queue/tickets/20261207-A002/no-show', { windowId: 'w-scjg' }, w1)).status).toBe(200);
    // The appointment waits for its slot.
    expect((await engine.request('POST', '/api/queue/windows/w-scjg-2/call-next', undefined, w2)).body.code).toBe('QUEUE.NOTHING_WAITING');
    engine.clock.set(sh('2026-12-07 10:00'));
    expect((await engine.request('POST', '/api/queue/windows/w-scjg-2/call-next', undefined, w2)).body).toMatchObject({ ticketNo: 'A003', appointment: true });

    const figures = await engine.request('GET', '/api/queue/figures?from=2026-12-07&to=2026-12-08', undefined, await admin());
    expect(figures.body.total).toMatchObject({ tickets: 4, called: 3, served: 0, noShows: 1 });
  });

  it('refuses what is not the caller\'s, and what the setup does not allow', async () => {
    await setUp();
    await draw({ departmentId: 'scjg' });
    const w1 = await clerk('w-scjg');
    const zrzy = await clerk('w-zrzy', 'zrzy');
    // Another window's calls, panel and tickets are out of scope.
    expect((await engine.request('POST', '/api/queue/windows/w-scjg/call-next', undefined, zrzy)).body).toMatchObject({ statusCode: 403, code: 'AUTH.OUT_OF_SCOPE' });
    expect((await engine.request('GET', '/api/queue/windows/w-scjg', undefined, zrzy)).status).toBe(403);
    await engine.request('POST', '/api/queue/windows/w-scjg/call-next', undefined, w1);
    expect((await engine.request('POST', '/api/queue/tickets/20261207-A001/no-show', { windowId: 'w-scjg' }, zrzy)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    // Appointments only through the online channel; the figures only for the oversight roles.
    const hall = await as({ subject: 'sub', role: 'integration', channel: 'sub-center', subCenterId: 'jj' });
    expect((await engine.request('POST', '/api/queue/appointments', { departmentId: 'scjg', slot: { from: sh('2026-12-07 10:00'), to: sh('2026-12-07 10:30') } }, hall)).body.code)
      .toBe('AUTH.OUT_OF_SCOPE');
    expect((await engine.request('GET', '/api/queue/figures?from=2026-12-07&to=2026-12-07', undefined, w1)).body.code).toBe('AUTH.ROLE_FORBIDDEN');
    expect((await engine.app.inject({ method: 'POST', url: '/api/queue/queues', payload: { queueId: 'x', name: 'x', prefix: 'X', departmentIds: [] } })).statusCode).toBe(401);

    // Rules: a department without a queue, a prefix taken, an unknown ticket, a malformed body.
    expect((await engine.app.inject({ method: 'POST', url: '/api/queue/tickets', payload: { departmentId: 'ga' } })).json().code).toBe('QUEUE.NONE_FOR_DEPARTMENT');
    expect((await engine.app.inject({ method: 'POST', url: '/api/queue/tickets', payload: { itemCode: 'NOPE-1' } })).statusCode).toBe(404);
    expect((await engine.request('POST', '/api/queue/queues', { queueId: 'q-x', name: 'x', prefix: 'A', departmentIds: [] }, await admin())).body.code).toBe('QUEUE.PREFIX_TAKEN');
    expect((await engine.request('POST', '/api/queue/tickets/20261207-Z001/recall', { windowId: 'w-scjg' }, w1)).body.code).toBe('QUEUE.TICKET_NOT_FOUND');
    const bad = await engine.app.inject({ method: 'POST', url: '/api/queue/tickets', payload: {} });
    expect(bad.statusCode).toBe(400);
    expect((await engine.request('POST', '/api/cases', { itemCode: 'SCJG-001', channel: 'window', windowId: 'w-scjg', ticketId: 'A001',
      applicant: { kind: 'person', name: '张三' }, materials: [] }, w1)).body.errors).toEqual([expect.objectContaining({ field: 'ticketId' })]);
  });

  it("carries each call on the hall's stream at once, and the queues on its board", async () => {
    await setUp();
    await draw({ departmentId: 'zrzy' });
    await engine.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (engine.app.getHttpServer().address() as { port: number }).port;
    const w = await clerk('w-zrzy', 'zrzy');
    const seen = await new Promise<{ board: any; call: any }>((resolve, reject) => {
      let board: any;
      const timer = setTimeout(() => reject(new Error('no call on the stream')), 10_000);
      const request = http.get({ host: '127.0.0.1', port, path: '/api/hall/stream' }, (response) => {
        onServerSentEvents(response, (fields) => {
          if (fields.event === 'board' && !board) {
            board = JSON.parse(fields.data as string);
            void engine.request('POST', '/api/queue/windows/w-zrzy/call-next', undefined, w);
          }
          if (fields.event === 'call') {
            clearTimeout(timer);
            request.destroy();
            resolve({ board, call: JSON.parse(fields.data as string) });
          }
        });
      });
      request.on('error', () => undefined);
    });
    expect(seen.board.queue.queues).toEqual(expect.arrayContaining([expect.objectContaining({ queueId: 'q-zrzy', waiting: 1 })]));
    expect(seen.call).toMatchObject({ ticketNo: 'B001', windowId: 'w-zrzy', windowName: '不动产登记窗口', calls: 1 });
  });
});
