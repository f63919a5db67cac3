import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../http/validation';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CalendarYearRequest {
  @ApiProperty({ type: [String], example: ['2027-01-01'], description: 'Public holidays, weekends inside a holiday included' })
  @IsArray() @ArrayMaxSize(120) @Matches(DATE, { each: true, message: 'each holiday must be a date YYYY-MM-DD' })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-07'], description: 'Weekend days made working days (调休)' })
  @IsArray() @ArrayMaxSize(30) @Matches(DATE, { each: true, message: 'each workday must be a date YYYY-MM-DD' })
  workdays!: string[];

  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知' }) @IsString() @Length(1, 200) source!: string;

  @ApiPropertyOptional({ description: 'Required when correcting a published year' })
  @Optional() @IsString() @Length(1, 500) reason?: string;
}
