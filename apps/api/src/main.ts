import { runRole } from '../../engine/src/roles/run-role';

/** `npm run start:api`: HTTP commands and queries only, any number of replicas on one store (README: Running it distributed). */
runRole('api');
