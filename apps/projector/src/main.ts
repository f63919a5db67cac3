import { runRole } from '../../engine/src/roles/run-role';

/** `npm run start:projector`: catches the read models up from their checkpoint while it holds the `projector` lease. */
runRole('projector');
