import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommand, noticeDecider, noticeStreamId, OpenNotice, RecordVisit, SUPERVISION_VISITS_STREAM, visitDecider } from '@gov/domain';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { ReferenceData } from '../infrastructure/reference-data';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { assertInScope } from '../auth/record-scope';
import { checkedFirst, Commands, onlyWhen } from '../write/commands';

/** A supervision notice opened for a red card (by the notice policy): once per card, harmless when repeated. */
export class OpenNoticeCommand {
  constructor(readonly command: OpenNotice, readonly meta: CommandMeta) {}
}

/** A step on a notice: the department's reply, the office's close or send-back. */
export class NoticeActionCommand {
  constructor(readonly noticeNo: string, readonly command: NoticeCommand, readonly meta: CommandMeta) {}
}

/** A supervision visit recorded by the efficiency office. */
export class RecordVisitCommand {
  constructor(readonly command: RecordVisit, readonly meta: CommandMeta) {}
}

@CommandHandler(OpenNoticeCommand)
export class OpenNoticeHandler implements ICommandHandler<OpenNoticeCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData, @Inject(ENGINE_CONFIG) private readonly config: EngineConfig) {}

  async execute({ command, meta }: OpenNoticeCommand): Promise<CommandResponse> {
    return this.commands.handle(onlyWhen(noticeDecider, (notice) => notice.status === 'none'), noticeStreamId(command.data.noticeNo), command, meta, {
      context: { now: meta.now, calendar: (await this.reference.current()).calendar, replyWorkingDays: this.config.noticeReplyWorkingDays },
      respond: () => ({ status: 201, body: null }),
    });
  }
}

@CommandHandler(NoticeActionCommand)
export class NoticeActionHandler implements ICommandHandler<NoticeActionCommand, CommandResponse> {
  constructor(private readonly commands: Commands, private readonly reference: ReferenceData, @Inject(ENGINE_CONFIG) private readonly config: EngineConfig) {}

  async execute({ noticeNo, command, meta }: NoticeActionCommand): Promise<CommandResponse> {
    // A department head replies to their own department's notices only.
    const inScope = checkedFirst(noticeDecider, (notice) => {
      if (notice.status !== 'none') assertInScope(meta.scope, notice, `notice ${noticeNo}`);
    });
    return this.commands.handle(inScope, noticeStreamId(noticeNo), command, meta, {
      context: { now: meta.now, calendar: (await this.reference.current()).calendar, replyWorkingDays: this.config.noticeReplyWorkingDays },
      respond: (state) => ({ status: 200, body: state }),
    });
  }
}

@CommandHandler(RecordVisitCommand)
export class RecordVisitHandler implements ICommandHandler<RecordVisitCommand, CommandResponse> {
  constructor(private readonly commands: Commands) {}

  execute({ command, meta }: RecordVisitCommand): Promise<CommandResponse> {
    return this.commands.handle(visitDecider, SUPERVISION_VISITS_STREAM, command, meta, { respond: (_state, events) => ({ status: 201, body: events[0]?.data }) });
  }
}
