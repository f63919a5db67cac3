import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Opinion, OPINIONS, OUTCOMES, Outcome, PAYMENT_METHODS, PaymentMethod, RATING_LEVELS, RatingLevel } from '@gov/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min,
  ValidateIf, ValidateNested, IsObject } from 'class-validator';
import { DocumentedConditions } from '../../http/openapi-constraints';
import { IsInstant, Optional } from '../../http/validation';
import { FeeLineDto } from '../../http/common.request.dto';
import { CLOCK_STOPS } from '../actions/case-actions.request.dto';
import { ReceiveCaseRequest } from '../receive/receive-case.request.dto';

export const IMPORT_ACTIONS = [
  'not-accept', 'request-materials', 'supply-materials', 'suspend', 'resume', 'escalate', 'assess-fee', 'pay-fee', 'complete',
  'withdraw', 'rate',
  // The steps (环节) of a case whose item defines them (issue 24); a history without them is imported as one step.
  'claim-step', 'complete-step', 'return-step', 'transfer-step', 'delegate-step',
] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

/** The fields each action needs; a field is also checked whenever it is given. */
const NEEDS: Record<ImportAction, readonly (keyof ImportStepDto)[]> = {
  'not-accept': ['reason'], withdraw: ['reason'], escalate: ['reason', 'limitDays', 'approver'], suspend: ['suspendReason'],
  'request-materials': ['materials'], 'supply-materials': ['materials'], resume: [], 'assess-fee': ['fees'],
  'pay-fee': ['amountFen', 'method', 'bankReceiptNo'], complete: ['outcome', 'decision'], rate: ['level'],
  'claim-step': ['stepId', 'staffId'], 'complete-step': ['stepId', 'staffId', 'opinion'], 'return-step': ['stepId', 'staffId', 'toStepId', 'reason'],
  'transfer-step': ['stepId', 'staffId', 'toStaffId', 'reason'], 'delegate-step': ['stepId', 'staffId', 'toStaffId', 'reason'],
};
const is = (...actions: ImportAction[]) => (step: ImportStepDto, value: unknown) => value !== undefined || actions.includes(step.action);

/** One step of a historical case, with the fields its action takes (as in POST /api/cases/{caseNo}/{action}). */
@DocumentedConditions({ anyOf: IMPORT_ACTIONS.map((action) => ({ properties: { action: { enum: [action] } }, required: [...NEEDS[action]] })) })
export class ImportStepDto {
  @ApiProperty({ enum: IMPORT_ACTIONS }) @IsIn(IMPORT_ACTIONS) action!: ImportAction;
  @ApiProperty({ example: '2012-04-05T02:30:00Z', description: 'When the step happened' })
  @IsInstant() at!: string;

  @ApiPropertyOptional() @ValidateIf(is('not-accept', 'withdraw', 'escalate', 'return-step', 'transfer-step', 'delegate-step')) @IsString() @Length(1, 500) reason?: string;
  @ApiPropertyOptional({ enum: CLOCK_STOPS }) @ValidateIf(is('suspend')) @IsIn(CLOCK_STOPS) suspendReason?: (typeof CLOCK_STOPS)[number];
  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(is('request-materials', 'supply-materials')) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 200, { each: true })
  materials?: string[];
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(500) note?: string;
  @ApiPropertyOptional() @ValidateIf(is('escalate')) @IsInt() @Min(0) @Max(60) limitDays?: number;
  @ApiPropertyOptional() @ValidateIf(is('escalate')) @IsString() @Length(1, 100) approver?: string;
  @ApiPropertyOptional({ type: [FeeLineDto] })
  @ValidateIf(is('assess-fee')) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => FeeLineDto)
  fees?: FeeLineDto[];
  @ApiPropertyOptional() @ValidateIf(is('pay-fee')) @IsInt() @Min(0) @Max(1_000_000_000) amountFen?: number;
  @ApiPropertyOptional({ enum: PAYMENT_METHODS }) @ValidateIf(is('pay-fee')) @IsIn(PAYMENT_METHODS) method?: PaymentMethod;
  @ApiPropertyOptional() @ValidateIf(is('pay-fee')) @IsString() @Length(1, 64) bankReceiptNo?: string;
  @ApiPropertyOptional({ enum: OUTCOMES }) @ValidateIf(is('complete')) @IsIn(OUTCOMES) outcome?: Outcome;
  @ApiPropertyOptional() @ValidateIf(is('complete')) @IsString() @Length(1, 2000) decision?: string;
  @ApiPropertyOptional({ enum: RATING_LEVELS }) @ValidateIf(is('rate')) @IsIn(RATING_LEVELS) level?: RatingLevel;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(500) comment?: string;
  @ApiPropertyOptional({ description: 'The step acted on (the item version\'s step id)' })
  @ValidateIf(is('claim-step', 'complete-step', 'return-step', 'transfer-step', 'delegate-step')) @IsString() @Length(1, 64) stepId?: string;
  @ApiPropertyOptional({ description: 'Who acted on the step' })
  @ValidateIf(is('claim-step', 'complete-step', 'return-step', 'transfer-step', 'delegate-step')) @IsString() @Length(1, 64) staffId?: string;
  @ApiPropertyOptional({ enum: OPINIONS }) @ValidateIf(is('complete-step')) @IsIn(OPINIONS) opinion?: Opinion;
  @ApiPropertyOptional({ description: 'A step\'s opinion\'s reasons; at the decision step, the decision' }) @Optional() @IsString() @MaxLength(2000) reasons?: string;
  @ApiPropertyOptional() @ValidateIf(is('return-step')) @IsString() @Length(1, 64) toStepId?: string;
  @ApiPropertyOptional({ description: 'The staff member a step was transferred or delegated to' })
  @ValidateIf(is('transfer-step', 'delegate-step')) @IsString() @Length(1, 64) toStaffId?: string;
}

export class ImportedCaseDto extends ReceiveCaseRequest {
  @ApiPropertyOptional({ example: 'ZRZY-20120405-00012', description: 'Keep a number already in our format; otherwise one is assigned' })
  @Optional() @IsString() @Matches(/^[A-Z0-9]{1,16}-\d{8}-\d{5,}$/, { message: 'caseNo must look like ZRZY-20120405-00012' })
  caseNo?: string;

  @ApiProperty({ example: '2012-04-05T01:00:00Z', description: 'When the case was received' })
  @IsInstant() receivedAt!: string;

  @ApiProperty({ type: [ImportStepDto] })
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ImportStepDto)
  steps!: ImportStepDto[];
}

export class ImportCasesRequest {
  @ApiProperty({ type: [ImportedCaseDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ImportedCaseDto)
  cases!: ImportedCaseDto[];
}
