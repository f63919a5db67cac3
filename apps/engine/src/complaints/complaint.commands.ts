import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Complainant, ComplaintCategory, ComplaintChannel, ComplaintCommand, ComplaintContext, complaintDecider, complaintStreamId, ComplaintTarget,
  RuleViolation, shanghaiDateOf,
} from '@gov/domain';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { ReferenceData } from '../infrastructure/reference-data';
import { PERSONAL_DATA_VAULT, PersonalDataVault, sealComplainant } from '../personal-data';
import type { CommandMeta, CommandResponse } from '../write/command-meta';
import { Commands, onlyWhen } from '../write/commands';
import type { NumberedStream } from '../write/numbered-stream';
import { ComplaintTargets } from './complaint-targets';

const MAX_NUMBER_CLASHES = 5;

export interface ComplaintInput {
  readonly category: ComplaintCategory;
  readonly channel: ComplaintChannel;
  readonly complainant: Complainant;
  readonly target: ComplaintTarget;
  readonly summary: string;
  readonly evidence: readonly string[];
}

/** A complaint filed by a complainant: numbered `TS-<day>-<6 hex>`, unguessable, unique by the store. */
export class FileComplaintCommand {
  constructor(readonly input: ComplaintInput, readonly meta: CommandMeta) {}
}

/** A file the engine opens by itself under a number that names its trigger: a file that exists already records nothing. */
export class OpenComplaintCommand {
  constructor(readonly complaintNo: string, readonly input: ComplaintInput, readonly meta: CommandMeta) {}
}

/** A step on a filed complaint (accept, decline, investigate, conclude, feedback). */
export class ComplaintActionCommand {
  constructor(readonly complaintNo: string, readonly command: ComplaintCommand, readonly meta: CommandMeta) {}
}

@CommandHandler(FileComplaintCommand)
export class FileComplaintHandler implements ICommandHandler<FileComplaintCommand, CommandResponse> {
  constructor(
    private readonly commands: Commands,
    private readonly targets: ComplaintTargets,
    private readonly reference: ReferenceData,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async execute({ input, meta }: FileComplaintCommand): Promise<CommandResponse> {
    // Sealed once, before any attempt: the person's key is durable before the event that needs it.
    const sealedComplainant = await sealComplainant(this.vault, input.complainant);
    const lookups = await this.targets.lookups(input.target);
    const context = await complaintContext(this.reference, this.config, meta.now);
    return this.commands.handle(complaintDecider, randomComplaintNumbers(meta.now),
      (complaintNo): ComplaintCommand => ({ type: 'FileComplaint', data: { complaintNo, ...input, sealedComplainant, lookups } }), meta,
      { context, respond: (state) => ({ status: 201, body: state }) });
  }
}

@CommandHandler(OpenComplaintCommand)
export class OpenComplaintHandler implements ICommandHandler<OpenComplaintCommand, CommandResponse> {
  constructor(
    private readonly commands: Commands,
    private readonly targets: ComplaintTargets,
    private readonly reference: ReferenceData,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async execute({ complaintNo, input, meta }: OpenComplaintCommand): Promise<CommandResponse> {
    const sealedComplainant = await sealComplainant(this.vault, input.complainant);
    const lookups = await this.targets.lookups(input.target);
    const context = await complaintContext(this.reference, this.config, meta.now);
    return this.commands.handle(onlyWhen(complaintDecider, (state) => state.status === 'none'), complaintStreamId(complaintNo),
      { type: 'FileComplaint', data: { complaintNo, ...input, sealedComplainant, lookups } }, meta,
      { context, respond: (state) => ({ status: 201, body: state }) });
  }
}

@CommandHandler(ComplaintActionCommand)
export class ComplaintActionHandler implements ICommandHandler<ComplaintActionCommand, CommandResponse> {
  constructor(
    private readonly commands: Commands,
    private readonly reference: ReferenceData,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  async execute({ complaintNo, command, meta }: ComplaintActionCommand): Promise<CommandResponse> {
    return this.commands.handle(complaintDecider, complaintStreamId(complaintNo), command, meta, {
      context: await complaintContext(this.reference, this.config, meta.now),
      respond: (state) => ({ status: 200, body: state }),
    });
  }
}

async function complaintContext(reference: ReferenceData, config: EngineConfig, now: string): Promise<ComplaintContext> {
  return { now, calendar: (await reference.current()).calendar, feedbackWorkingDays: config.complaintFeedbackWorkingDays };
}

/** Unguessable complaint numbers of the day; a clash (one in 16 million) draws again. */
function randomComplaintNumbers(now: string): NumberedStream {
  const day = shanghaiDateOf(now).replaceAll('-', '');
  return {
    streamIdOf: complaintStreamId,
    async withNewNumber(attempt) {
      for (let clash = 0; ; clash += 1) {
        try {
          return await attempt(`TS-${day}-${randomBytes(3).toString('hex').toUpperCase()}`);
        } catch (error) {
          if (!(error instanceof RuleViolation && error.code === 'COMPLAINT.ALREADY_EXISTS') || clash >= MAX_NUMBER_CLASHES) throw error;
        }
      }
    },
  };
}
