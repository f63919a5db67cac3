import * as http from 'node:http';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';
import { sh } from '../support/engine-per-test';
import { onServerSentEvents } from '../support/sse';

const landTransfer = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'] };

interface FeedMessage {
  readonly id: number;
  readonly event: string;
  readonly data: { subject: string };
}

/** Reads an SSE stream until `count` messages arrived; the token in the query, as a browser's EventSource sends it. */
function readFeed(port: number, accessToken: string, lastEventId: number | null, count: number, from?: 'now', onConnected?: () => void): Promise<FeedMessage[]> {
  return new Promise((resolve, reject) => {
    const messages: FeedMessage[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${messages.length} of ${count} messages`)), 10_000);
    const headers = lastEventId === null ? {} : { 'last-event-id': String(lastEventId) };
    const request = http.get({ host: '127.0.0.1', port, path: `/api/supervision/events?access_token=${accessToken}${from ? `&from=${from}` : ''}`, headers }, (response) => {
      if (response.statusCode !== 200) {
        clearTimeout(timer);
        reject(new Error(`the feed answered ${response.statusCode}`));
        return;
      }
      expect(response.headers['content-type']).toContain('text/event-stream');
      onConnected?.();
      onServerSentEvents(response, (fields) => {
        if (fields.id) messages.push({ id: Number(fields.id), event: fields.event as string, data: JSON.parse(fields.data as string) });
        if (messages.length === count) {
          clearTimeout(timer);
          request.destroy();
          resolve(messages);
        }
      });
    });
    request.on('error', (error) => (messages.length === count ? undefined : reject(error)));
  });
}

describe('the efficiency office (效能办)', () => {
  let engine: TestEngine;
  let port: number;
  const feedToken = async () => (await engine.authorization({ subject: 'xnb-1', role: 'efficiency-office' })).replace(/^Bearer /, '');

  beforeEach(async () => {
    engine = await startEngine({ now: sh('2026-04-07 09:00') });
    await engine.app.listen({ port: 0, host: '127.0.0.1' });
    port = (engine.app.getHttpServer().address() as { port: number }).port;
  });

  afterEach(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  const receive = async () => (await engine.request('POST', '/api/cases', landTransfer)).body.caseNo as string;
  const passAt = async (local: string) => {
    engine.clock.set(sh(local));
    await engine.tick();
  };

  it('streams cards live, and after a reconnect with Last-Event-ID exactly what was missed', async () => {
    const first = await receive();
    const live = readFeed(port, await feedToken(), null, 3); // yellow, red, notice for the first case
    await passAt('2026-04-14 09:00'); // the yellow card on the last working day (a pass after it would find only the red one due)
    await passAt('2026-04-15 09:00');
    const seen = await live;
    expect(seen.map((m) => m.event)).toEqual(['CaseWarned', 'CaseOverdue', 'SupervisionNoticeOpened']);
    expect(seen[0].data.subject).toBe(first);

    engine.clock.set(sh('2026-04-15 10:00'));
    const second = await receive(); // due 04-22
    await passAt('2026-04-22 09:00');
    await passAt('2026-04-23 09:00');
    const missed = await readFeed(port, await feedToken(), seen[2].id, 3);
    expect(missed.map((m) => [m.event, m.data.subject.includes(second)])).toEqual([
      ['CaseWarned', true], ['CaseOverdue', true], ['SupervisionNoticeOpened', true],
    ]);
    expect(missed[0].id).toBeGreaterThan(seen[2].id);

    // A new screen may skip the history: from=now brings only what happens after it connects.
    engine.clock.set(sh('2026-04-23 10:00'));
    const third = await receive(); // due 04-30
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    const fromNow = readFeed(port, await feedToken(), null, 1, 'now', connected);
    await isConnected; // the feed has read the head before it answers
    await passAt('2026-04-30 09:00');
    expect((await fromNow).map((m) => [m.event, m.data.subject])).toEqual([['CaseWarned', third]]);
  });

  it('opens a notice per red card, takes the reply, flags it late, and closes it', async () => {
    const caseNo = await receive(); // due 04-14
    await passAt('2026-04-15 09:00'); // notice opened; reply due end of 04-20 (3 working days)
    await passAt('2026-04-16 09:00');
    const notices = (await engine.request('GET', '/api/supervision/notices')).body;
    expect(notices).toEqual([expect.objectContaining({ caseNo, departmentId: 'zrzy', status: 'awaiting-reply', replyBy: '2026-04-20T15:59:59.999Z' })]);
    const noticeNo = notices[0].noticeNo;
    expect((await engine.request('POST', `/api/supervision/notices/${noticeNo}/close`, { conclusion: 'x' })).body.code).toBe('NOTICE.NOT_REPLIED');
    engine.clock.set(sh('2026-04-21 09:00'));
    expect((await engine.request('GET', `/api/supervision/notices/${noticeNo}`)).body.replyOverdue).toBe(true);
    expect((await engine.request('POST', `/api/supervision/notices/${noticeNo}/reply`, { rectification: '已办结并约谈' })).status).toBe(200);
    expect((await engine.request('POST', `/api/supervision/notices/${noticeNo}/close`, { conclusion: '销号' })).status).toBe(200);
    expect((await engine.request('GET', `/api/supervision/notices/${noticeNo}`)).body).toMatchObject({ status: 'closed', lateReplies: 1 });
    expect((await engine.request('GET', '/api/supervision/notices/DB-NONE')).status).toBe(404);
  });

  it('counts yellow and red cards per department and window over a period', async () => {
    await receive();
    await receive();
    await passAt('2026-04-14 09:00');
    await passAt('2026-04-15 09:00');
    const cards = (await engine.request('GET', '/api/supervision/cards?from=2026-04-01&to=2026-04-30')).body;
    expect(cards.departments).toEqual([{ departmentId: 'zrzy', yellow: 2, red: 2 }]);
    expect(cards.windows).toEqual([{ windowId: 'w-zrzy', yellow: 2, red: 2 }]);
    // Each card on the day it fell due: yellow at the start of the last working day, red after it.
    const lastDay = (await engine.request('GET', '/api/supervision/cards?from=2026-04-01&to=2026-04-14')).body;
    expect(lastDay.departments).toEqual([{ departmentId: 'zrzy', yellow: 2, red: 0 }]);
    const before = (await engine.request('GET', '/api/supervision/cards?from=2026-04-01&to=2026-04-13')).body;
    expect(before.departments).toEqual([]);
  });

  it('records visits and lists the weeks with fewer than two', async () => {
    for (const date of ['2026-04-07', '2026-04-09', '2026-04-15', '2026-04-28', '2026-04-30']) {
      engine.clock.set(sh(`${date} 18:00`)); // each entered the day it happened
      expect((await engine.request('POST', '/api/supervision/visits', { date, inspector: '效能办 王科长', findings: '正常' })).status).toBe(201);
    }
    const future = await engine.request('POST', '/api/supervision/visits', { date: '2026-05-02', inspector: 'x', findings: 'x' });
    expect(future.body.code).toBe('VISIT.DATE_IN_FUTURE');
    const visits = (await engine.request('GET', '/api/supervision/visits?from=2026-04-06&to=2026-05-03')).body;
    expect(visits.weeks).toEqual([
      { weekOf: '2026-04-06', visits: 2 }, { weekOf: '2026-04-13', visits: 1 }, { weekOf: '2026-04-20', visits: 0 }, { weekOf: '2026-04-27', visits: 2 },
    ]);
    expect(visits.weeksBelowTarget.map((w: { weekOf: string }) => w.weekOf)).toEqual(['2026-04-13', '2026-04-20']);
  });
});

describe('the annual assessment', () => {
  let engine: TestEngine;

  afterEach(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('deducts for overdue cases and late notice replies, and explains each deduction', async () => {
    engine = await startEngine({ now: sh('2026-04-07 09:00') });
    for (let i = 0; i < 3; i += 1) await engine.request('POST', '/api/cases', landTransfer);
    engine.clock.set(sh('2026-04-15 09:00'));
    await engine.tick();
    const [notice] = (await engine.request('GET', '/api/supervision/notices')).body;
    engine.clock.set(sh('2026-04-22 09:00')); // past the 3-working-day reply deadline
    await engine.request('POST', `/api/supervision/notices/${notice.noticeNo}/reply`, { rectification: '已整改' });
    const zrzy = (await engine.request('GET', '/api/assessment/2026/departments/zrzy')).body;
    // Two notices never answered cost at least what the late answer costs; the immediate share is the center's target, not zrzy's.
    expect(zrzy.facts).toMatchObject({ received: 3, overdue: 3, noticesAnsweredLate: 1, noticesUnanswered: 2, rectificationsUnanswered: 0 });
    expect(zrzy.deductions.map((d: { rule: string; points: number }) => [d.rule, d.points])).toEqual([
      ['OverdueCases', 1.5], ['LateNoticeReplies', 0.5], ['UnansweredNotices', 1],
    ]);
    expect(zrzy.score).toBe(8 - 1.5 - 0.5 - 1);
    const all = (await engine.request('GET', '/api/assessment/2026')).body;
    expect(all.center).toEqual({ immediateShare: 0, immediateShareThreshold: 0.5, immediateShareMet: false });
    expect(all.departments.find((d: { departmentId: string }) => d.departmentId === 'scjg')).toMatchObject({ score: 8, deductions: [] });
    expect((await engine.request('GET', '/api/assessment/2026/departments/nope')).status).toBe(404);
  });
});
