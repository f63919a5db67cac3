import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../http/validation';
import { CODE } from '../http/common.request.dto';

export class PostStaffRequest {
  @ApiProperty({ example: 's-zrzy-001' }) @IsString() @Length(1, 64) @Matches(CODE, { message: 'staffId must be letters, digits, dot, dash or underscore' })
  staffId!: string;
  @ApiProperty({ example: '钱六' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: 'zrzy', description: 'The department the staff member comes from' }) @IsString() @Length(1, 64) departmentId!: string;
  @ApiProperty({ example: 'w-zrzy', description: 'A window of that department' }) @IsString() @Length(1, 64) windowId!: string;
  @ApiProperty({ example: '2026-03-01', description: 'Day the posting began, Asia/Shanghai' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'postedOn must be a date YYYY-MM-DD' }) postedOn!: string;
}

export class AuthorizeStaffRequest {
  @ApiProperty({ type: [String], example: ['ZRZY-001'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 64, { each: true }) itemCodes!: string[];
}

export class RevokeAuthorizationRequest {
  @ApiProperty({ type: [String], example: ['ZRZY-001'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 64, { each: true }) itemCodes!: string[];
  @ApiProperty({ example: '岗位调整' }) @IsString() @Length(1, 2000) reason!: string;
}

export class RosterQuery {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) departmentId?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) windowId?: string;
  @ApiPropertyOptional({ enum: ['posted', 'returned'] }) @Optional() @IsIn(['posted', 'returned']) status?: string;
}
