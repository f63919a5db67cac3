import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AnswerRectification, OpenRectification, RectificationContext, rectificationDecider, rectificationStreamId } from '@gov/domain';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { ReferenceData } from '../infrastructure/reference-data';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { assertInScope } from '../auth/record-scope';
import { checkedFirst, Commands, onlyWhen } from '../write/commands';

/** A bad rating's rectification opened (by the rectification policy): once per case, harmless when repeated. */
export class OpenRectificationCommand {
  constructor(readonly command: OpenRectification, readonly meta: CommandMeta) {}
}

/** The department's answer to a rectification. */
export class AnswerRectificationCommand {
  constructor(readonly rectificationNo: string, readonly command: AnswerRectification, readonly meta: CommandMeta) {}
}

@CommandHandler(OpenRectificationCommand)
export class OpenRectificationHandler implements ICommandHandler<OpenRectificationCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData, @Inject(ENGINE_CONFIG) private readonly config: EngineConfig) {}

  async execute({ command, meta }: OpenRectificationCommand): Promise<CommandResponse> {
    return this.commands.handle(onlyWhen(rectificationDecider, (state) => state.status === 'none'), rectificationStreamId(command.data.rectificationNo),
      command, meta, { context: await rectificationContext(this.reference, this.config, meta.now), respond: () => ({ status: 201, body: null }) });
  }
}

@CommandHandler(AnswerRectificationCommand)
export class AnswerRectificationHandler implements ICommandHandler<AnswerRectificationCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData, @Inject(ENGINE_CONFIG) private readonly config: EngineConfig) {}

  async execute({ rectificationNo, command, meta }: AnswerRectificationCommand): Promise<CommandResponse> {
    // A department head answers their own department's rectifications only.
    const inScope = checkedFirst(rectificationDecider, (rectification) => {
      if (rectification.status !== 'none') assertInScope(meta.scope, rectification, `rectification ${rectificationNo}`);
    });
    return this.commands.handle(inScope, rectificationStreamId(rectificationNo), command, meta, {
      context: await rectificationContext(this.reference, this.config, meta.now), respond: (state) => ({ status: 200, body: state }),
    });
  }
}

async function rectificationContext(reference: ReferenceData, config: EngineConfig, now: string): Promise<RectificationContext> {
  return { now, calendar: (await reference.current()).calendar, answerWorkingDays: config.rectificationWorkingDays };
}
