import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPINIONS, Opinion, STEP_ROLES, StepRole } from '@gov/domain';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { Optional } from '../http/validation';
import { DocumentedConditions } from '../http/openapi-constraints';
import { CODE, TEXT } from '../http/common.request.dto';

export class CompleteStepRequest {
  @ApiProperty({ enum: OPINIONS, description: '同意 / 不同意; at the decision step: approve / refuse the case' }) @IsIn(OPINIONS) opinion!: Opinion;
  @ApiPropertyOptional({ maxLength: TEXT, description: 'Required with disagree' }) @Optional() @IsString() @MaxLength(TEXT) reasons?: string;
  @ApiPropertyOptional({ maxLength: TEXT, description: 'At the decision step: the decision (决定书)' }) @Optional() @IsString() @Length(1, TEXT) decision?: string;
}

export class ReturnStepRequest {
  @ApiProperty({ example: 'review', description: 'An earlier step of the procedure' })
  @IsString() @Length(1, 64) @Matches(CODE, { message: 'toStepId must be letters, digits, dot, dash or underscore' })
  toStepId!: string;
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) reason!: string;
}

/** A person (`staffId`) or a pool of the department (`pool`, `departmentId`). */
@DocumentedConditions({ anyOf: [{ required: ['staffId'] }, { required: ['pool', 'departmentId'] }] })
export class AssigneeDto {
  @ApiPropertyOptional({ example: 's-scjg-2' })
  @ValidateIf((o: AssigneeDto) => o.pool === undefined || o.staffId !== undefined) @IsString() @Length(1, 64)
  staffId?: string;
  @ApiPropertyOptional({ enum: STEP_ROLES })
  @ValidateIf((o: AssigneeDto) => o.staffId === undefined || o.pool !== undefined) @IsIn(STEP_ROLES)
  pool?: StepRole;
  @ApiPropertyOptional({ example: 'scjg' })
  @ValidateIf((o: AssigneeDto) => (o.pool !== undefined && o.staffId === undefined) || o.departmentId !== undefined) @IsString() @Length(1, 64)
  departmentId?: string;
}

export class TransferStepRequest {
  @ApiProperty({ type: AssigneeDto }) @IsObject() @ValidateNested() @Type(() => AssigneeDto) to!: AssigneeDto;
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) reason!: string;
}

export class DelegateStepRequest {
  @ApiProperty({ example: 's-scjg-2', description: 'The staff member who decides in the approver\'s place' }) @IsString() @Length(1, 64) to!: string;
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) reason!: string;
}
