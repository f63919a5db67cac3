import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { TEXT } from '../../http/common.request.dto';
import { AssessFeeRequest } from '../actions/case-actions.request.dto';

export class AssessReducedFeeRequest extends AssessFeeRequest {
  @ApiProperty({ example: '《财政部 国家发展改革委关于对小微企业免征有关行政事业性收费的通知》', description: 'The provision that allows the reduction or exemption' })
  @IsString() @Length(1, 1000) legalBasis!: string;
}

export class RefundFeeRequest {
  @ApiProperty({ description: 'Amount refunded, in fen (分)', example: 5000 })
  @IsInt() @Min(1) @Max(1_000_000_000) amountFen!: number;

  @ApiProperty({ example: 'ICBC-20260410-990001', description: "The bank's receipt of the refund (退付凭证)" })
  @IsString() @Length(1, 64) bankReceiptNo!: string;

  @ApiProperty({ example: '申请人撤回申请，退还已缴费用', maxLength: TEXT })
  @IsString() @Length(1, TEXT) reason!: string;
}
