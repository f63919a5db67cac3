import { Inject, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { EventStore } from '@gov/event-store';
import { Relay } from '@gov/messaging';
import { DeadlineQueries, Projector } from '@gov/projections';
import { HealthController } from '../http/health.controller';
import { EVENT_STORE } from '../infrastructure/tokens';
import { MessagingModule } from '../messaging/messaging.module';
import { EngineMetrics } from './engine-metrics';
import { Readiness } from './readiness';

/** /health, /ready and /metrics. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), MessagingModule],
  controllers: [HealthController],
  providers: [
    Readiness,
    {
      provide: EngineMetrics,
      inject: [EVENT_STORE, Projector, Relay, DeadlineQueries],
      useFactory: (store: EventStore, projector: Projector, relay: Relay, deadlines: DeadlineQueries) =>
        new EngineMetrics({
          projectionLag: async () => (await store.headPosition()) - (await projector.checkpoint()),
          relayLag: async () => {
            const { active, checkpoint } = relay.status();
            return active && checkpoint !== null ? (await store.headPosition()) - checkpoint : null;
          },
          caseCounts: () => deadlines.counts(),
        }),
    },
  ],
  exports: [EngineMetrics],
})
export class ObservabilityModule {}
