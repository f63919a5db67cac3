/**
 * Commands on one queue's stream take turns in this process. A queue is the hottest stream in
 * the hall: five windows and a kiosk on one department's queue would otherwise decide on the
 * same state in the same moment, and all but one fail their append and fold the stream again
 * (the queue benchmark's rush of 100 windows ended in 409 STORE.CONCURRENT_UPDATE). In turn,
 * each decides on the state the last one left (Commands' cache) and only waits one commit;
 * commands on different queues still share their commits. Another process writing the same
 * queue is still caught by the append's expected revision.
 */
export class QueueTurns {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamId) ?? Promise.resolve();
    const mine = previous.then(work, work);
    const tail = mine.catch(() => undefined);
    this.tails.set(streamId, tail);
    void tail.then(() => {
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    });
    return mine;
  }
}
