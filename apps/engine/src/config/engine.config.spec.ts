import { loadConfig } from './engine.config';

describe('loadConfig: API_PROCESSES', () => {
  it('runs the all-in-one engine in one process unless told otherwise', () => {
    expect(loadConfig({}).apiProcesses).toBe(1);
    expect(loadConfig({ API_PROCESSES: '' }).apiProcesses).toBe(1);
  });

  it('takes a whole number of API processes', () => {
    expect(loadConfig({ API_PROCESSES: '3' }).apiProcesses).toBe(3);
  });

  it.each(['0', '-1', '2.5', 'two', '65'])('refuses %s, naming the setting', (value) => {
    expect(() => loadConfig({ API_PROCESSES: value })).toThrow(/API_PROCESSES must be a whole number of processes \(1-64\)/);
  });
});

describe('loadConfig: STOP_GRACE_MS', () => {
  it('gives the clustered engine 20 s to stop unless told otherwise: inside Kubernetes\' default 30 s', () => {
    expect(loadConfig({}).stopGraceMs).toBe(20_000);
    expect(loadConfig({ STOP_GRACE_MS: '1500' }).stopGraceMs).toBe(1500);
  });

  it.each(['0', '99', '1.5', 'soon', '600001'])('refuses %s, naming the setting', (value) => {
    expect(() => loadConfig({ STOP_GRACE_MS: value })).toThrow(/STOP_GRACE_MS must be a whole number of milliseconds \(100-600000\)/);
  });
});

describe('loadConfig: STOP_DRAIN_MS, MAX_IN_FLIGHT and LOOP_LAG_TARGET_MS', () => {
  it('drains 10 s on SIGTERM and admits 32 requests at once unless told otherwise', () => {
    expect(loadConfig({}).stopDrainMs).toBe(10_000);
    expect(loadConfig({ STOP_DRAIN_MS: '2500' }).stopDrainMs).toBe(2500);
    expect(loadConfig({}).maxInFlight).toBe(32);
    expect(loadConfig({ MAX_IN_FLIGHT: '200' }).maxInFlight).toBe(200);
    expect(loadConfig({}).loopLagTargetMs).toBe(0);
    expect(loadConfig({ LOOP_LAG_TARGET_MS: '25' }).loopLagTargetMs).toBe(25);
  });

  it('refuses what is not a whole number in range, naming the setting', () => {
    expect(() => loadConfig({ STOP_DRAIN_MS: '-1' })).toThrow(/STOP_DRAIN_MS must be a whole number of milliseconds \(0-600000\)/);
    expect(() => loadConfig({ MAX_IN_FLIGHT: '0' })).toThrow(/MAX_IN_FLIGHT must be a whole number of requests \(1-100000\)/);
    expect(() => loadConfig({ LOOP_LAG_TARGET_MS: '-5' })).toThrow(/LOOP_LAG_TARGET_MS must be a whole number of milliseconds \(0-10000\)/);
  });
});

describe('loadConfig: TRUST_PROXY', () => {
  it('trusts no proxy unless told, then the named ones', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2, 10.1.0.0/16,loopback' }).trustProxy).toEqual(['10.0.0.2', '10.1.0.0/16', 'loopback']);
  });

  it.each(['true', '*', '1', 'proxy.example'])('refuses %s: every peer would choose its own address', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY names the proxies/);
  });
});

describe('loadConfig: EVENT_STORE=postgres', () => {
  const url = 'postgres://gov:secret@db:5432/gov';

  it('puts the events beside the read models unless told otherwise, in the schema event_store', () => {
    expect(loadConfig({ EVENT_STORE: 'postgres', READ_MODELS_URL: url }).eventStore).toEqual({ kind: 'postgres', connectionString: url, schema: 'event_store' });
    expect(loadConfig({ EVENT_STORE: 'postgres', EVENT_STORE_URL: `${url}2`, READ_MODELS_URL: url, EVENT_STORE_SCHEMA: 'county_7', EVENT_STORE_POOL_SIZE: '8' }).eventStore)
      .toEqual({ kind: 'postgres', connectionString: `${url}2`, schema: 'county_7', poolSize: 8 });
  });

  it('refuses no URL, another kind of URL, a schema that is not a plain name and a pool of one', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/EVENT_STORE=postgres needs EVENT_STORE_URL or READ_MODELS_URL/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres', EVENT_STORE_URL: 'mysql://db/gov' })).toThrow(/EVENT_STORE_URL must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres', EVENT_STORE_URL: url, EVENT_STORE_SCHEMA: 'Events; DROP' })).toThrow(/EVENT_STORE_SCHEMA must be lower-case/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres', EVENT_STORE_URL: url, EVENT_STORE_POOL_SIZE: '1' })).toThrow(/EVENT_STORE_POOL_SIZE must be a whole number/);
    expect(() => loadConfig({ EVENT_STORE: 'mongodb' })).toThrow(/EVENT_STORE must be sqlite, postgres or eventstoredb, not mongodb/);
  });
});
