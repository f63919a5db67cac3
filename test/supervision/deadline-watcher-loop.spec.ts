import { removeDataDir, startEngine, TestEngine } from '../support/engine';
import { sh } from '../support/engine-per-test';
import { readModelsUnderTest } from '../support/read-model-configs';

const landTransfer = { itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '李四' }, materials: ['申请书'] };
/** The loop wakes at the next moment on the agenda, or polls every second: a card is recorded well within this. */
const WITHIN_MS = 5_000;

/**
 * The watcher's own loop, as it runs in production (the other deadline specs drive it pass by
 * pass): it reads the agenda to know when to wake, records the card when the clock passes
 * the due time with no one calling it, and stops cleanly with the engine.
 */
describe.each(readModelsUnderTest())('the deadline watcher left to run on its own, read models on $name', (readModels) => {
  let engine: TestEngine;

  beforeEach(async () => {
    engine = await startEngine({ now: sh('2026-04-07 09:00'), config: { deadlineWatcher: true, readModels: readModels.config() } });
  });

  afterEach(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
    await readModels.dropAll();
  });

  it('records the red card once the clock passes the due time', async () => {
    const received = await engine.request('POST', '/api/cases', landTransfer); // due Tue 04-14
    expect(received.status).toBe(201);
    // §32's AcceptanceDeemed is left out, as in deadlines.spec.ts.
    const types = async () => (await engine.store.readStream(`case-${received.body.caseNo}`)).map((e) => e.type).filter((t) => t !== 'AcceptanceDeemed');
    expect(await types()).toEqual(['CaseReceived']);

    engine.clock.set(sh('2026-04-15 00:30'));

    const deadline = Date.now() + WITHIN_MS;
    while (!(await types()).includes('CaseOverdue') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // The clock jumped past the yellow card's day: only the red card was due when the watcher looked.
    expect(await types()).toEqual(['CaseReceived', 'CaseOverdue']);
  });
});
