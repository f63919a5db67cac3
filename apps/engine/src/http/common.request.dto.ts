import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Codes of items, fees, departments and windows: letters, digits, dot, dash, underscore. */
export const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Free text a person writes (a reason, a note). */
export const TEXT = 500;

export class ReasonRequest {
  @ApiProperty({ example: '申请人主动撤回', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  reason!: string;
}

export class FeeLineDto {
  @ApiProperty({ example: 'F-001' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, { message: 'feeCode must be letters, digits, dot, dash or underscore' })
  feeCode!: string;

  @ApiProperty({ description: 'Amount in fen (分)', example: 5000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountFen!: number;
}
