import { READ_MODEL_STORE } from '../../apps/engine/src/infrastructure/tokens';
import type { ReadModelStore } from '@gov/projections';
import { removeDataDir, startEngine, TestEngine } from '../support/engine';

const landTransfer = {
  itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', staffId: 'staff-1',
  applicant: { kind: 'person', name: '李四', idNumber: '330102199001011234' }, materials: ['申请书', '不动产权证书'],
};
const RECEIVE = 'POST /api/cases';

describe('operating endpoints over HTTP', () => {
  const engines: TestEngine[] = [];
  const start = async (config = {}) => {
    const engine = await startEngine({ now: '2026-04-07T01:00:00.000Z', config });
    engines.push(engine);
    return engine;
  };

  afterEach(async () => {
    for (const engine of engines.splice(0)) {
      await engine.close();
      removeDataDir(engine.dataDir);
    }
  });

  it('GET /health answers 200 without a token (liveness depends on nothing)', async () => {
    const engine = await start();

    const response = await engine.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /ready reports the event store and the read models, and no broker without Kafka', async () => {
    const engine = await start();

    const response = await engine.app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toBe('ok');
    expect(body.details.eventStore).toEqual({ status: 'up', kind: 'sqlite', headPosition: await engine.store.headPosition() });
    expect(body.details.readModels).toMatchObject({ status: 'up', lag: expect.any(Number) });
    expect(body.details.broker).toBeUndefined();
  });

  it('GET /ready answers 503 naming the read-model store when it cannot be read', async () => {
    const engine = await start();
    await engine.app.get<ReadModelStore>(READ_MODEL_STORE).close();

    const response = await engine.app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.json().error.readModels.status).toBe('down');
    expect(response.json().details.eventStore.status).toBe('up');
  });

  it('GET /metrics counts and times each command by route and outcome, and shows the open and overdue cases', async () => {
    const engine = await start();
    const before = parse(await scrape(engine));

    for (let i = 0; i < 3; i++) expect((await engine.request('POST', '/api/cases', landTransfer)).status).toBe(201);
    expect((await engine.request('POST', '/api/cases', { ...landTransfer, itemCode: '' })).status).toBe(400);

    const after = parse(await scrape(engine));
    const delta = (series: string) => (after.get(series) ?? 0) - (before.get(series) ?? 0);
    expect(delta(`gov_commands_total{command="${RECEIVE}",outcome="accepted"}`)).toBe(3);
    expect(delta(`gov_commands_total{command="${RECEIVE}",outcome="refused"}`)).toBe(1);
    expect(delta(`gov_command_duration_seconds_count{command="${RECEIVE}"}`)).toBe(4);
    expect(after.get('gov_projection_lag_positions')).toBeGreaterThanOrEqual(0);

    await waitFor(async () => parse(await scrape(engine)).get('gov_cases_open') === (before.get('gov_cases_open') ?? 0) + 3);
    expect(parse(await scrape(engine)).get('gov_cases_overdue')).toBe(0);
    engine.clock.set('2026-04-15T01:00:00.000Z'); // the day after the due date
    await engine.tick();
    await waitFor(async () => parse(await scrape(engine)).get('gov_cases_overdue') === 3);
  });

  it('GET /metrics needs the bearer METRICS_TOKEN when one is configured', async () => {
    const engine = await start({ metricsToken: 'scrape-secret' });

    expect((await engine.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await engine.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const allowed = await engine.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-secret' } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['content-type']).toContain('text/plain');
    expect(allowed.body).toContain('# TYPE gov_commands_total counter');
  });
});

async function scrape(engine: TestEngine): Promise<string> {
  const response = await engine.app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  return response.body;
}

/** Prometheus text format: `name{labels} value` lines, comments skipped. */
function parse(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
