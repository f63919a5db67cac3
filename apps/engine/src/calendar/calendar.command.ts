import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { calendarStreamId, calendarYearDecider, PublishCalendarYear } from '@gov/domain';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { Commands, onlyWhen } from '../write/commands';

/** A year's working-day calendar published, or corrected with a reason; answered with the year as published. */
export class PublishCalendarCommand {
  /** `keepPublished`: a year already published stays as it is (the default calendar data seeded at start never overwrites the center's). */
  constructor(readonly command: PublishCalendarYear, readonly meta: CommandMeta, readonly keepPublished = false) {}
}

@CommandHandler(PublishCalendarCommand)
export class PublishCalendarHandler implements ICommandHandler<PublishCalendarCommand, CommandResponse> {
  constructor(private readonly commands: Commands) {}

  execute({ command, meta, keepPublished }: PublishCalendarCommand): Promise<CommandResponse> {
    const decider = keepPublished ? onlyWhen(calendarYearDecider, (state) => state.status !== 'published') : calendarYearDecider;
    return this.commands.handle(decider, calendarStreamId(command.data.year), command, meta, {
      respond: (state) => ({ status: 200, body: state.status === 'published' ? state.year : null }),
    });
  }
}
