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
