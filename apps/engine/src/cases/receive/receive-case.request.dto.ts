import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel } from '@gov/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches, MaxLength, ValidateNested, IsObject } from 'class-validator';
import { Optional } from '../../http/validation';

import { CODE } from '../../http/common.request.dto';

export class ApplicantDto {
  @ApiProperty({ enum: ['person', 'organization'] })
  @IsIn(['person', 'organization'])
  kind!: 'person' | 'organization';

  @ApiProperty({ example: '张三', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ description: 'Resident ID (18 characters) or unified social credit code', example: '330102199001011234' })
  @Optional()
  @IsString()
  @Matches(/^[0-9A-Z]{15,18}$/, { message: 'idNumber must be 15 to 18 digits or capital letters' })
  idNumber?: string;

  @ApiPropertyOptional({ example: '13800000000' })
  @Optional()
  @IsString()
  @Matches(/^\+?[0-9-]{5,20}$/, { message: 'phone must be 5 to 20 digits, dashes allowed' })
  phone?: string;

  @ApiPropertyOptional({ example: '浙江省杭州市上城区解放路100号', maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class ReceiveCaseRequest {
  @ApiProperty({ example: 'SCJG-001', description: 'The catalog item applied for' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, { message: 'itemCode must be letters, digits, dot, dash or underscore' })
  itemCode!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({ description: 'Required for the window channel' })
  @Optional()
  @IsString()
  @Length(1, 64)
  windowId?: string;

  @ApiPropertyOptional({ description: 'Required for the sub-center channel' })
  @Optional()
  @IsString()
  @Length(1, 64)
  subCenterId?: string;

  @ApiPropertyOptional({ description: 'The window staff member who accepted the case' })
  @Optional()
  @IsString()
  @Length(1, 64)
  staffId?: string;

  @ApiPropertyOptional({ example: '20261207-A001', description: 'The queue ticket the applicant was called with (排队号): the wait is measured to this acceptance' })
  @Optional()
  @Matches(/^\d{8}-[A-Z]{1,2}\d{3,5}$/, { message: 'ticketId must be a ticket id like 20261207-A001' })
  ticketId?: string;

  @ApiProperty({ type: ApplicantDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiProperty({ type: [String], example: ['申请书', '身份证复印件'] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  materials!: string[];
}

export class ReceiveCaseResponse {
  @ApiProperty({ example: 'SCJG-20260403-00001' }) caseNo!: string;
  @ApiProperty({ enum: ['immediate', 'promised'] }) category!: string;
  @ApiProperty({ example: '2026-04-03', description: 'Day of receipt, Asia/Shanghai; not counted in the limit' }) acceptedDate!: string;
  @ApiProperty({ example: 5, description: 'Working days in the limit' }) limitDays!: number;
  @ApiProperty({ example: '2026-04-10', description: 'Last working day of the limit, Asia/Shanghai' }) dueDate!: string;
  @ApiProperty({ example: '2026-04-10T15:59:59.999Z', description: 'The instant the case becomes overdue' }) dueAt!: string;
  @ApiPropertyOptional({ example: '7KQ2M9XD', description: 'The query code (查询码) for the receipt: with the case number, the applicant signs in (POST /api/applicant/sessions)' })
  queryCode?: string;
}
