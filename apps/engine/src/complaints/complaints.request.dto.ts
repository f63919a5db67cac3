import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNTABILITY_KINDS, ACCOUNTABLE_ROLES, COMPLAINT_CATEGORY_CODES } from '@gov/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { Optional } from '../http/validation';
import { DocumentedConditions } from '../http/openapi-constraints';

/** A field required for one kind is checked whenever it is given. */
const requiredFor = (field: string, kind: string) => (o: Record<string, unknown>) => o.kind === kind || o[field] !== undefined;

@DocumentedConditions({ anyOf: [{ properties: { kind: { enum: ['anonymous'] } } }, { required: ['name'] }] })
export class ComplainantDto {
  @ApiProperty({ enum: ['named', 'anonymous'] }) @IsIn(['named', 'anonymous']) kind!: 'named' | 'anonymous';
  @ApiPropertyOptional({ example: '王五', description: 'Required for a named complainant' })
  @ValidateIf(requiredFor('name', 'named')) @IsString() @Length(1, 100) name?: string;
  @ApiProperty({ example: '13800000000', description: 'Phone, e-mail or other contact for the feedback' }) @IsString() @Length(1, 200) contact!: string;
  @ApiPropertyOptional({ description: 'Resident ID or unified social credit code (named complainants)' })
  @Optional() @IsString() @Matches(/^[0-9A-Z]{15,18}$/, { message: 'idNumber must be 15 to 18 digits or capital letters' }) idNumber?: string;
}

export class ComplaintTargetDto {
  @ApiPropertyOptional({ example: 'zrzy' }) @Optional() @IsString() @Length(1, 64) departmentId?: string;
  @ApiPropertyOptional({ example: 'w-zrzy' }) @Optional() @IsString() @Length(1, 64) windowId?: string;
  @ApiPropertyOptional({ example: 's-zrzy-001' }) @Optional() @IsString() @Length(1, 64) staffId?: string;
  @ApiPropertyOptional({ example: 'ZRZY-20260407-00001' }) @Optional() @IsString() @Length(1, 64) caseNo?: string;
  @ApiPropertyOptional({ example: 'ZRZY-001' }) @Optional() @IsString() @Length(1, 64) itemCode?: string;
}

export class FileComplaintRequest {
  @ApiProperty({ enum: COMPLAINT_CATEGORY_CODES, description: 'README: "Complaints and window staff" lists the codes and their Chinese labels' })
  @IsIn(COMPLAINT_CATEGORY_CODES) category!: (typeof COMPLAINT_CATEGORY_CODES)[number];
  @ApiProperty({ enum: ['window', 'online'] }) @IsIn(['window', 'online']) channel!: 'window' | 'online';
  @ApiProperty({ type: ComplainantDto }) @IsObject() @ValidateNested() @Type(() => ComplainantDto) complainant!: ComplainantDto;
  @ApiProperty({ type: ComplaintTargetDto, description: 'At least one of department, window, staff member, case, item; all of one department' })
  @IsObject() @ValidateNested() @Type(() => ComplaintTargetDto) target!: ComplaintTargetDto;
  @ApiProperty({ example: '窗口人员暗示请吃饭后才给办理' }) @IsString() @Length(1, 4000) summary!: string;
  @ApiProperty({ type: [String], example: ['录音-20260407-01'], description: 'References to evidence kept elsewhere' })
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(500, { each: true }) evidence!: string[];
}

export class NoteRequest {
  @ApiPropertyOptional({ example: '予以受理' }) @Optional() @IsString() @Length(1, 2000) note?: string;
}

export class DeclineRequest {
  @ApiProperty({ example: '不属于本窗口受理范围，已告知向信访部门反映' }) @IsString() @Length(1, 2000) reason!: string;
}

export class InvestigateRequest {
  @ApiProperty({ example: '纪检组 赵' }) @IsString() @Length(1, 100) investigator!: string;
}

@DocumentedConditions({ anyOf: [
  { properties: { kind: { enum: ['admonish-department'] } }, required: ['departmentId'] },
  { properties: { kind: { enum: ['return-staff'] } }, required: ['staffId'] },
  { properties: { kind: { enum: ['hold-accountable'] } }, required: ['role', 'person'] },
] })
export class AccountabilityActionDto {
  @ApiProperty({ enum: ACCOUNTABILITY_KINDS }) @IsIn(ACCOUNTABILITY_KINDS) kind!: (typeof ACCOUNTABILITY_KINDS)[number];
  @ApiPropertyOptional({ description: 'admonish-department (诫勉): the complaint\'s department' })
  @ValidateIf(requiredFor('departmentId', 'admonish-department')) @IsString() @Length(1, 64) departmentId?: string;
  @ApiPropertyOptional({ description: 'return-staff: the staff member returned to their department' })
  @ValidateIf(requiredFor('staffId', 'return-staff')) @IsString() @Length(1, 64) staffId?: string;
  @ApiPropertyOptional({ enum: ACCOUNTABLE_ROLES, description: 'hold-accountable: whose accountability' })
  @ValidateIf(requiredFor('role', 'hold-accountable')) @IsIn(ACCOUNTABLE_ROLES) role?: (typeof ACCOUNTABLE_ROLES)[number];
  @ApiPropertyOptional({ description: 'hold-accountable: the person' })
  @ValidateIf(requiredFor('person', 'hold-accountable')) @IsString() @Length(1, 100) person?: string;
}

export class ConcludeRequest {
  @ApiProperty() @IsBoolean() substantiated!: boolean;
  @ApiProperty({ example: '经查属实' }) @IsString() @Length(1, 4000) findings!: string;
  @ApiProperty({ type: [AccountabilityActionDto] })
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => AccountabilityActionDto) actions!: AccountabilityActionDto[];
}

export class FeedbackRequest {
  @ApiProperty({ example: '经查属实，已将相关人员退回原单位' }) @IsString() @Length(1, 4000) message!: string;
}

export class RectificationAnswerRequest {
  @ApiProperty({ example: '已约谈窗口人员，优化一次性告知清单' }) @IsString() @Length(1, 4000) answer!: string;
}

export class RectificationListQuery {
  @ApiPropertyOptional({ enum: ['awaiting-answer', 'answered'] }) @Optional() @IsIn(['awaiting-answer', 'answered']) status?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) departmentId?: string;
  @ApiPropertyOptional() @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class ComplaintListQuery {
  @ApiPropertyOptional({ description: '`open` (default: filed, accepted, investigating), `all`, or one status',
    enum: ['open', 'all', 'filed', 'accepted', 'declined', 'investigating', 'concluded', 'feedback-given'] })
  @Optional() @IsIn(['open', 'all', 'filed', 'accepted', 'declined', 'investigating', 'concluded', 'feedback-given']) status?: string;
  @ApiPropertyOptional({ enum: COMPLAINT_CATEGORY_CODES }) @Optional() @IsIn(COMPLAINT_CATEGORY_CODES) category?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) departmentId?: string;
  @ApiPropertyOptional({ description: 'Only complaints filed at least this many calendar days ago' })
  @Optional() @Type(() => Number) @IsInt() @Min(0) @Max(3650) minAgeDays?: number;
  @ApiPropertyOptional() @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}
