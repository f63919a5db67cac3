import * as http from 'node:http';
import { engineForEachTest, sh } from '../support/engine-per-test';
import { onServerSentEvents } from '../support/sse';

const at = (windowId: string, itemCode: string, name: string) =>
  ({ itemCode, channel: 'window', windowId, applicant: { kind: 'person', name, idNumber: '330102199001011234' }, materials: ['申请书'] });

/** Collects `event: board` messages of the hall stream, telling `onBoard` of each, until `done` says enough. */
function readBoards(port: number, done: (boards: any[]) => boolean, onBoard: (board: any) => void = () => undefined): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const boards: any[] = [];
    const timer = setTimeout(() => reject(new Error(`gave up after ${boards.length} boards`)), 10_000);
    const request = http.get({ host: '127.0.0.1', port, path: '/api/hall/stream' }, (response) => {
      expect(response.headers['content-type']).toContain('text/event-stream');
      onServerSentEvents(response, (fields) => {
        if (fields.event === 'board' && fields.data) {
          boards.push(JSON.parse(fields.data));
          onBoard(boards.at(-1));
        }
        if (done(boards)) {
          clearTimeout(timer);
          request.destroy();
          resolve(boards);
        }
      });
    });
    request.on('error', (error) => (done(boards) ? undefined : reject(error)));
  });
}

describe('the hall display (大厅电子显示屏)', () => {
  const engine = engineForEachTest(sh('2026-04-07 09:00'));

  const receive = async (body: object) => {
    const response = await engine.request('POST', '/api/cases', body);
    expect(response.status).toBe(201);
    return response.body.caseNo as string;
  };
  /** A clerk of the case's own department decides it (the case number starts with the department's prefix). */
  const complete = async (caseNo: string) => {
    const departmentId = caseNo.split('-')[0].toLowerCase();
    const clerk = await engine.authorization({ subject: `clerk-${departmentId}`, role: 'window-staff', departmentId, windowId: `w-${departmentId}` });
    expect((await engine.request('POST', `/api/cases/${caseNo}/complete`, { outcome: 'approved', decision: '准予许可' }, { authorization: clerk })).status).toBe(200);
  };

  it('answers without a token, per window as the window figures count, the applicant masked', async () => {
    const yesterday = await receive(at('w-scjg', 'SCJG-003', '王五六'));
    engine.clock.set(sh('2026-04-08 09:00'));
    const first = await receive(at('w-scjg', 'SCJG-001', '张三明'));
    await receive(at('w-scjg', 'SCJG-003', '李四'));
    await receive(at('w-zrzy', 'ZRZY-001', '赵六'));
    engine.clock.set(sh('2026-04-08 10:00'));
    await complete(first);
    engine.clock.set(sh('2026-04-08 10:05'));
    await complete(yesterday);

    const response = await engine.app.inject({ method: 'GET', url: '/api/hall/today' });
    expect(response.statusCode).toBe(200);
    const board = response.json();
    expect(board.date).toBe('2026-04-08');

    const report = (await engine.request('GET', '/api/reports/center?from=2026-04-08&to=2026-04-08')).body.center;
    expect(board.center).toMatchObject({ received: report.received, completionRate: report.completionRate, immediateShare: report.immediateShare, pendingOfToday: report.pending });
    for (const windowId of ['w-scjg', 'w-zrzy', 'w-zjj']) {
      const stats = (await engine.request('GET', `/api/windows/${windowId}/stats?from=2026-04-08&to=2026-04-08`)).body;
      const open = (await engine.request('GET', `/api/windows/${windowId}/open-cases`)).body;
      const place = board.places.find((p: { id: string }) => p.id === windowId);
      expect({ received: place.receivedToday, pending: place.pending }).toEqual({ received: stats.received, pending: open.length });
    }
    // Completed today counts the case received yesterday too; the cohort's `completed` does not.
    expect(board.places.find((p: { id: string }) => p.id === 'w-scjg')).toMatchObject({ receivedToday: 2, completedToday: 2, pending: 1 });
    expect(board.center).toMatchObject({ completedToday: 2, pending: 2 });

    expect(board.latestCompleted.map((c: { caseNo: string; applicant: string }) => [c.caseNo, c.applicant])).toEqual([[yesterday, '王*六'], [first, '张*明']]);
    expect(response.body).not.toMatch(/张三明|王五六|李四|赵六|330102/);
  });

  it('pushes the board to the screens when a case is completed', async () => {
    await engine.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (engine.app.getHttpServer().address() as { port: number }).port;
    const caseNo = await receive(at('w-scjg', 'SCJG-001', '张三明'));
    let completion: Promise<void> | undefined;
    const seen = await readBoards(port, (boards) => boards.some((board) => board.center.completedToday === 1),
      () => (completion ??= complete(caseNo)));
    await completion;
    expect(seen[0].center).toMatchObject({ received: 1, completedToday: 0 });
    expect(seen.at(-1).latestCompleted[0]).toMatchObject({ caseNo, applicant: '张*明', place: '市场监管综合窗口' });
  });
});
