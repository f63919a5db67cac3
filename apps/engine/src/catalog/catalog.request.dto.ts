import { ApiProperty } from '@nestjs/swagger';
import { ITEM_CATEGORIES, ItemCategory, SPECIAL_PROCEDURES, SpecialProcedure } from '@gov/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested, IsObject } from 'class-validator';
import { FeeLineDto } from '../http/common.request.dto';
import { CODE } from '../http/common.request.dto';

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
