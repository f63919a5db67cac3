import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OUTCOMES, Outcome, PAYMENT_METHODS, PaymentMethod, RATING_LEVELS, RatingLevel } from '@gov/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested, IsObject } from 'class-validator';
import { Optional } from '../../http/validation';
import { FeeLineDto } from '../../http/common.request.dto';

export { ReasonRequest } from '../../http/common.request.dto';

const TEXT = 500;

export class RequestMaterialsRequest {
  @ApiProperty({ type: [String], description: 'Every missing material, listed all at once (一次性告知)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  materials!: string[];

  @ApiPropertyOptional({ maxLength: TEXT })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  note?: string;
}

export class SupplyMaterialsRequest {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  materials!: string[];
}

export const CLOCK_STOPS = ['site-inspection', 'hearing', 'expert-review', 'testing'] as const;

export class SuspendClockRequest {
  @ApiProperty({ enum: CLOCK_STOPS, description: 'Supplements suspend the clock through request-materials' })
  @IsIn(CLOCK_STOPS)
  reason!: (typeof CLOCK_STOPS)[number];

  @ApiPropertyOptional({ maxLength: TEXT })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  note?: string;
}

export class EscalateRequest {
  @ApiProperty({ description: 'The special-handling limit in working days from the day it is granted (that day not counted; docs/decisions/0045)', minimum: 0, maximum: 60 })
  @IsInt()
  @Min(0)
  @Max(60)
  limitDays!: number;

  @ApiProperty({ example: '县政府分管副县长' })
  @IsString()
  @Length(1, 100)
  approver!: string;

  @ApiProperty({ example: '县重点招商引资项目' })
  @IsString()
  @Length(1, TEXT)
  reason!: string;
}

export class AssessFeeRequest {
  @ApiProperty({ type: [FeeLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true }) @ValidateNested({ each: true })
  @Type(() => FeeLineDto)
  fees!: FeeLineDto[];
}

export class PayFeeRequest {
  @ApiProperty({ description: 'Amount in fen (分)' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountFen!: number;

  @ApiProperty({ enum: PAYMENT_METHODS, description: 'cash is refused: fees go through the bank' })
  @IsIn(PAYMENT_METHODS)
  method!: PaymentMethod;

  @ApiProperty({ example: 'ICBC-20260403-778812' })
  @IsString()
  @Length(1, 64)
  bankReceiptNo!: string;
}

export class CompleteRequest {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome!: Outcome;

  @ApiProperty({ example: '准予行政许可', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  decision!: string;

  @ApiPropertyOptional({ description: 'The window staff member recording the decision; if on the roster, they must be authorized for the item' })
  @Optional()
  @IsString()
  @Length(1, 64)
  staffId?: string;
}

export class RateRequest {
  @ApiProperty({ enum: RATING_LEVELS })
  @IsIn(RATING_LEVELS)
  level!: RatingLevel;

  @ApiPropertyOptional({ enum: RATING_LEVELS, description: 'The window staff member\'s service, rated apart (GB/T 39735)' })
  @Optional()
  @IsIn(RATING_LEVELS)
  staffLevel?: RatingLevel;

  @ApiPropertyOptional({ enum: RATING_LEVELS, description: 'The channel (window, online, sub-center), rated apart' })
  @Optional()
  @IsIn(RATING_LEVELS)
  channelLevel?: RatingLevel;

  @ApiPropertyOptional({ maxLength: TEXT })
  @Optional()
  @IsString()
  @MaxLength(TEXT)
  comment?: string;
}
