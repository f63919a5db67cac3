import { progressBar } from './progress';

describe('progressBar in a log (not a terminal)', () => {
  const log = () => {
    const lines: string[] = [];
    return { lines, stream: { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream };
  };

  it('writes plain lines from update itself, so a synchronous loop is seen: the start, at most one a period, the end (once)', () => {
    const { lines, stream } = log();
    let now = 1_000_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const progress = progressBar('verify', 30_000, { unit: 'events', stream, logEveryMs: 5000 });
      for (let done = 1000; done <= 30_000; done += 1000) {
        now += 1000;
        progress.update(done);
      }
      progress.stop();
    } finally {
      clock.mockRestore();
    }

    expect(lines).toEqual([
      'verify: 0/30,000 events (0%), 0 s\n',
      'verify: 5,000/30,000 events (16%), 5 s\n',
      'verify: 10,000/30,000 events (33%), 10 s\n',
      'verify: 15,000/30,000 events (50%), 15 s\n',
      'verify: 20,000/30,000 events (66%), 20 s\n',
      'verify: 25,000/30,000 events (83%), 25 s\n',
      'verify: 30,000/30,000 events (100%), 30 s\n',
    ]);
  });
});
