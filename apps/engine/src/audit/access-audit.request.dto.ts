import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

/** Which reads to export: every criterion given must match. */
export class AccessAuditQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'whose data was read' }) @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional({ example: '2026-0001', description: 'which case was read' }) @IsOptional() @IsString() @Matches(/^[0-9A-Za-z-]{1,40}$/) caseNo?: string;
  @ApiPropertyOptional({ description: 'who read (a token subject)' }) @IsOptional() @IsString() @Length(1, 200) subject?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'from this time (inclusive)' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'until this time (exclusive)' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) limit?: number;
}
