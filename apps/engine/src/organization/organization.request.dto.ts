import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../http/validation';
import { CODE } from '../http/common.request.dto';

export class DepartmentRequest {
  @ApiProperty({ example: 'scjg' }) @IsString() @Length(1, 64) @Matches(CODE, { message: 'id must be letters, digits, dot, dash or underscore' }) id!: string;
  @ApiProperty({ example: '县市场监督管理局' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: 'SCJG', description: 'Prefix of the department\'s case numbers: 2 to 8 capital letters' })
  @IsString() @Matches(/^[A-Z]{2,8}$/, { message: 'caseNoPrefix must be 2 to 8 capital letters' }) caseNoPrefix!: string;
}

export class WindowRequest {
  @ApiProperty({ example: 'w-scjg-1' }) @IsString() @Length(1, 64) @Matches(CODE, { message: 'id must be letters, digits, dot, dash or underscore' }) id!: string;
  @ApiProperty({ example: '市场监管综合窗口' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: 'scjg' }) @IsString() @Length(1, 64) departmentId!: string;
  @ApiProperty({ description: 'A comprehensive window (综合窗口) takes every item of its department' }) @IsBoolean() comprehensive!: boolean;
  @ApiProperty({ required: false, type: [String], example: ['scjg', 'zjj'], description: '一窗受理: the other departments whose items this comprehensive window also receives' })
  @Optional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 64, { each: true })
  serves?: string[];
}

export class SubCenterRequest {
  @ApiProperty({ example: 'jj' }) @IsString() @Length(1, 64) @Matches(CODE, { message: 'id must be letters, digits, dot, dash or underscore' }) id!: string;
  @ApiProperty({ example: '交警大队分中心' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: 'ga' }) @IsString() @Length(1, 64) departmentId!: string;
}
