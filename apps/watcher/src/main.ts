import { runRole } from '../../engine/src/roles/run-role';

/** `npm run start:watcher`: the deadline watcher and the openers, while it holds the `watcher` lease. */
runRole('watcher');
