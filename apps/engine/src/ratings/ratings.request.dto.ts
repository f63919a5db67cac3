import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../http/validation';
import { FIGURE_DIMENSIONS, FigureDimension } from './rating-figures';

export const MONTH = /^20\d{2}-(0[1-9]|1[0-2])$/;

export class FiguresQuery {
  @ApiProperty({ example: '2026-04', description: 'The month of the ratings, Asia/Shanghai' })
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month!: string;

  @ApiProperty({ enum: FIGURE_DIMENSIONS })
  @IsIn(FIGURE_DIMENSIONS)
  by!: FigureDimension;
}

export class FollowUpVisitRequest {
  @ApiProperty({ example: '电话回访，申请人反映等候时间过长，已转部门整改', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  note!: string;
}

export class ConfirmRectificationRequest {
  @ApiProperty({ description: 'Whether the applicant accepts the department\'s rectification' })
  @IsBoolean()
  accepted!: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @MaxLength(500)
  comment?: string;
}

export class FollowUpsQuery {
  @ApiPropertyOptional({ enum: ['open', 'overdue', 'all'], default: 'all', description: 'open: not yet visited; overdue: not visited by its due time' })
  @Optional()
  @IsIn(['open', 'overdue', 'all'])
  status?: 'open' | 'overdue' | 'all';
}
