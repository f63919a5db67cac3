export { QUEUE } from './queue.module';
export { queueBoard } from './queue-board';
export { QueueSetupActionCommand } from './queue.commands';
