import { ApiProperty } from '@nestjs/swagger';
import { ITEM_CATEGORIES, ItemCategory, SPECIAL_PROCEDURES, SpecialProcedure, STEP_KINDS, STEP_ROLES, StepKind, StepRole } from '@gov/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested, IsObject } from 'class-validator';
import { Optional } from '../http/validation';
import { FeeLineDto } from '../http/common.request.dto';
import { CODE } from '../http/common.request.dto';

/** One step (环节) of an item's procedure. */
export class ProcedureStepDto {
  @ApiProperty({ example: 'review', description: 'Stable id of the step within the procedure' })
  @IsString() @Length(1, 64) @Matches(CODE, { message: 'id must be letters, digits, dot, dash or underscore' })
  id!: string;
  @ApiProperty({ example: '审查' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ enum: STEP_KINDS }) @IsIn(STEP_KINDS) kind!: StepKind;
  @ApiProperty({ enum: STEP_ROLES, description: 'window-staff (受理, 送达), reviewer (审查), approver (决定: department head or delegate)' })
  @IsIn(STEP_ROLES) role!: StepRole;
  @ApiProperty({ description: 'Working days; the steps add up to at most the promised limit', example: 3 }) @IsInt() @Min(0) @Max(365) limitDays!: number;
  @ApiProperty({ description: 'May be performed outside the hall (远程审批)' }) @IsBoolean() remoteAllowed!: boolean;
}

export class ItemTermsRequest {
  @ApiProperty({ example: '食品经营许可' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'scjg' }) @IsString() @Length(1, 64) departmentId!: string;
  @ApiProperty({ enum: ITEM_CATEGORIES }) @IsIn(ITEM_CATEGORIES) category!: ItemCategory;
  @ApiProperty({ example: '《食品安全法》第三十五条' }) @IsString() @Length(1, 1000) legalBasis!: string;

  @ApiProperty({ type: [String] })
  @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true })
  materials!: string[];

  @ApiProperty({ type: [String] })
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(200, { each: true })
  procedure!: string[];

  @ApiProperty({ type: [ProcedureStepDto], required: false, description: 'The procedure as data; without it a default is derived from the item (GET …/bpmn shows it)' })
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ProcedureStepDto)
  steps?: ProcedureStepDto[];

  @ApiProperty({ description: '法定时限, working days', example: 20 }) @IsInt() @Min(0) @Max(365) legalLimitDays!: number;
  @ApiProperty({ description: '承诺时限, working days; 0 for immediate items', example: 10 }) @IsInt() @Min(0) @Max(365) promisedLimitDays!: number;

  @ApiProperty({ enum: SPECIAL_PROCEDURES, isArray: true })
  @IsArray() @ArrayMaxSize(4) @IsIn(SPECIAL_PROCEDURES, { each: true })
  specialProcedures!: SpecialProcedure[];

  @ApiProperty({ type: [FeeLineDto] })
  @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => FeeLineDto)
  fees!: FeeLineDto[];
}

export class PublishItemRequest extends ItemTermsRequest {
  @ApiProperty({ example: 'SCJG-001' })
  @IsString() @Length(1, 64) @Matches(CODE, { message: 'code must be letters, digits, dot, dash or underscore' })
  code!: string;
}

export class ReviseItemRequest extends ItemTermsRequest {
  @ApiProperty({ example: '2026年第二次事项清理' }) @IsString() @Length(1, 500) reason!: string;
}

export class FeeEntryRequest {
  @ApiProperty({ example: 'F-001' })
  @IsString() @Length(1, 64) @Matches(CODE, { message: 'code must be letters, digits, dot, dash or underscore' })
  code!: string;
  @ApiProperty({ example: '不动产登记费' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: '发改价格规〔2016〕2559号' }) @IsString() @Length(1, 1000) basis!: string;
  @ApiProperty({ enum: ['national', 'provincial'] }) @IsIn(['national', 'provincial']) level!: 'national' | 'provincial';
  @ApiProperty({ description: 'Standard amount in fen (分)', example: 8000 }) @IsInt() @Min(0) @Max(1_000_000_000) standardAmountFen!: number;
}

export class ProcedureQuery {
  @ApiProperty({ required: false, description: 'The item version (default: the current one)', example: 1 })
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000)
  version?: number;
}

/** A procedure drawn as BPMN 2.0 (bpmn.io, Camunda Modeler, or GET …/bpmn edited): only the steps change. */
export class ProcedureFromBpmnRequest {
  @ApiProperty({ description: 'BPMN 2.0 XML: one process, a start event, one path of tasks, an end event', maxLength: 500_000,
    example: '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" …>' })
  @IsString() @Length(1, 500_000) bpmn!: string;
  @ApiProperty({ example: '按新流程图调整审查时限' }) @IsString() @Length(1, 500) reason!: string;
}
