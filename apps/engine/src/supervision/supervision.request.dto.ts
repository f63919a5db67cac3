import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Optional } from '../http/validation';

/** A list of open cases: one department's (a department head's is always their own), at most `limit` rows. */
export class DeadlineListQuery {
  @ApiPropertyOptional({ example: 'zrzy' }) @Optional() @IsString() @Length(1, 64) departmentId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export const NOTICE_STATUSES = ['awaiting-reply', 'replied', 'closed'] as const;

export class NoticeListQuery extends DeadlineListQuery {
  @ApiPropertyOptional({ enum: NOTICE_STATUSES }) @Optional() @IsIn(NOTICE_STATUSES) status?: (typeof NOTICE_STATUSES)[number];
}

export class RectificationRequest {
  @ApiProperty({ example: '已对窗口人员进行约谈，案件已于次日办结' }) @IsString() @Length(1, 2000) rectification!: string;
}

export class ConclusionRequest {
  @ApiProperty({ example: '整改到位，予以销号' }) @IsString() @Length(1, 2000) conclusion!: string;
}

export class VisitRequest {
  @ApiProperty({ example: '2026-04-15', description: 'Day of the visit, Asia/Shanghai' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' }) date!: string;
  @ApiProperty({ example: '效能办 王科长' }) @IsString() @Length(1, 100) inspector!: string;
  @ApiProperty({ example: '各窗口在岗，无超期件' }) @IsString() @Length(1, 4000) findings!: string;
}
