import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseEvent, CaseRecord, CaseState, caseStreamId, decideCase, evolveCase, initialCaseState } from '@gov/domain';
import { ReferenceData } from '../../infrastructure/reference-data';
import { CommandResponse } from '../command-meta';
import { CommandRunner } from '../command-runner';
import { CaseActionCommand } from './case-action.command';
import { caseView } from './case-view';

@CommandHandler(CaseActionCommand)
export class CaseActionHandler implements ICommandHandler<CaseActionCommand, CommandResponse> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reference: ReferenceData,
  ) {}

  async execute({ caseNo, build, meta }: CaseActionCommand): Promise<CommandResponse> {
    const reference = await this.reference.current();
    const command = build(reference);
    return this.runner.run<CaseState, CaseEvent, ReturnType<typeof caseView>>({
      streamId: caseStreamId(caseNo),
      initialState: initialCaseState,
      evolve: evolveCase,
      decide: (state) => decideCase(command, state, reference.caseContext(meta.now)),
      respond: (state) => ({ status: 200, body: caseView(state as CaseRecord) }),
    }, meta);
  }
}
