export { QUEUE } from './queue.module';
export { queueBoard } from './queue-board';
