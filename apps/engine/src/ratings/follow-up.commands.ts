import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  ConfirmRectification, FollowUpContext, followUpDecider, followUpStreamId, OpenFollowUp, RecordFollowUpVisit, rectificationDecider,
  rectificationNoFor, rectificationStreamId,
} from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE } from '../infrastructure/tokens';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { asDomainEvent, Commands } from '../write/commands';

/** FOLLOW_UP_WORKING_DAYS unset: the center visits within 3 working days (decision 0082). */
export const DEFAULT_FOLLOW_UP_WORKING_DAYS = 3;

/** A bad rating's follow-up visit opened (by the rating ledger): once per case, harmless when repeated. */
export class OpenFollowUpCommand {
  constructor(readonly command: OpenFollowUp, readonly meta: CommandMeta) {}
}

/** The applicant's confirmation as the route gives it: the handler looks up whether the rectification is answered. */
export type ConfirmationRequest = { readonly type: 'ConfirmRectification'; readonly data: Omit<ConfirmRectification['data'], 'rectificationAnswered'> };

/** The center's record of its visit, or the applicant's confirmation of the rectification. */
export class FollowUpStepCommand {
  constructor(readonly followUpNo: string, readonly command: RecordFollowUpVisit | ConfirmationRequest, readonly meta: CommandMeta) {}
}

@CommandHandler(OpenFollowUpCommand)
export class OpenFollowUpHandler implements ICommandHandler<OpenFollowUpCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData, @Inject(ENGINE_CONFIG) private readonly config: EngineConfig) {}

  async execute({ command, meta }: OpenFollowUpCommand): Promise<CommandResponse> {
    return this.commands.handle(followUpDecider, followUpStreamId(command.data.followUpNo), command, meta, {
      context: await followUpContext(this.reference, this.config, meta.now), respond: () => ({ status: 201, body: null }),
    });
  }
}

@CommandHandler(FollowUpStepCommand)
export class FollowUpStepHandler implements ICommandHandler<FollowUpStepCommand, CommandResponse> {
  constructor(
    private readonly commands: Commands, private readonly reference: ReferenceData, @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ followUpNo, command, meta }: FollowUpStepCommand): Promise<CommandResponse> {
    const full = command.type === 'ConfirmRectification'
      ? { ...command, data: { ...command.data, rectificationAnswered: await this.rectificationAnswered(followUpNo.slice('HF-'.length)) } }
      : command;
    return this.commands.handle(followUpDecider, followUpStreamId(followUpNo), full, meta, {
      context: await followUpContext(this.reference, this.config, meta.now), respond: (state) => ({ status: 200, body: state }),
    });
  }

  /** Whether the case's department has answered the rectification of the same bad rating. */
  private async rectificationAnswered(caseNo: string): Promise<boolean> {
    const events = await this.store.readStream(rectificationStreamId(rectificationNoFor(caseNo)));
    const state = events.map((event) => asDomainEvent<Parameters<typeof rectificationDecider.evolve>[1]>(event))
      .reduce(rectificationDecider.evolve, rectificationDecider.initialState());
    return state.status === 'answered';
  }
}

async function followUpContext(reference: ReferenceData, config: EngineConfig, now: string): Promise<FollowUpContext> {
  return { now, calendar: (await reference.current()).calendar, visitWorkingDays: config.ratings?.followUpWorkingDays ?? DEFAULT_FOLLOW_UP_WORKING_DAYS };
}
