import { LoopLag } from './loop-lag';

const started: LoopLag[] = [];
afterEach(() => started.splice(0).forEach((lag) => lag.stop()));

/** LoopLag with the clock and the probe's turns in the test's hands (`record(at)` is what the probe timer calls; each test ends before it would fire). */
function gauge(targetMs: number) {
  let now = 0;
  const lag = new LoopLag(targetMs, () => now).start();
  started.push(lag);
  /** The probe's next turn comes `lateMs` after it was due (due 5 ms after the last). */
  const turn = (lateMs: number) => {
    now += 5 + lateMs;
    lag.record(now);
  };
  return { lag, turn, wait: (ms: number) => (now += ms) };
}

describe('LoopLag: behind only when every turn of the last 100 ms came late (a standing queue, not a burst)', () => {
  it('is not behind while the turns come on time or a little late', () => {
    const { lag, turn } = gauge(25);
    for (let i = 0; i < 100; i++) turn(i % 2 === 0 ? 0 : 20);
    expect(lag.behind()).toBe(false);
  });

  it('is not behind after one long turn (a batch of work), however long', () => {
    const { lag, turn } = gauge(25);
    turn(500);
    turn(0);
    expect(lag.behind()).toBe(false);
  });

  it('is behind once every turn for 100 ms came later than the target, and no longer after one on time', () => {
    const { lag, turn } = gauge(25);
    turn(30);
    turn(30);
    turn(30);
    expect(lag.behind()).toBe(false); // late since 70 ms only
    turn(30);
    expect(lag.behind()).toBe(true);
    turn(0);
    expect(lag.behind()).toBe(false);
  });

  it('stays behind while the loop has not come back to its probe since', () => {
    const { lag, turn, wait } = gauge(25);
    for (let i = 0; i < 4; i++) turn(30);
    wait(1000);
    expect(lag.behind()).toBe(true);
  });

  it('is never behind with a target of 0 (LOOP_LAG_TARGET_MS=0: off)', () => {
    const { lag, turn } = gauge(0);
    for (let i = 0; i < 10; i++) turn(1000);
    expect(lag.behind()).toBe(false);
  });
});
