import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsInstant, Optional } from '../http/validation';

/** Which reads to export: every criterion given must match. */
export class AccessAuditQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'whose data was read' }) @Optional() @IsUUID() personId?: string;
  @ApiPropertyOptional({ example: '2026-0001', description: 'which case was read' }) @Optional() @IsString() @Matches(/^[0-9A-Za-z-]{1,40}$/) caseNo?: string;
  @ApiPropertyOptional({ description: 'who read (a token subject)' }) @Optional() @IsString() @Length(1, 200) subject?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'from this time (inclusive)' }) @Optional() @IsInstant() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'until this time (exclusive)' }) @Optional() @IsInstant() to?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10000 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) limit?: number;
}
