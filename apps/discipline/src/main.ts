import { runConsumerAppMain } from '@gov/messaging';
import { disciplineApp } from './discipline.app';

/** `npm run start:discipline`: KAFKA_BROKERS, DATA_DIR (default ./data/discipline), HEALTH_PORT (3102). */
runConsumerAppMain(disciplineApp);
