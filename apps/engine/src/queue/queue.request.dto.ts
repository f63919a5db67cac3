import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { IsInstant, Optional } from '../http/validation';
import { DocumentedConditions } from '../http/openapi-constraints';
import { CODE } from '../http/common.request.dto';

export class DefineQueueRequest {
  @ApiProperty({ example: 'q-bdc' }) @IsString() @Length(1, 64) @Matches(CODE, { message: 'queueId must be letters, digits, dot, dash or underscore' })
  queueId!: string;
  @ApiProperty({ example: '不动产登记' }) @IsString() @Length(1, 50) name!: string;
  @ApiProperty({ example: 'A', description: 'One or two capital letters, unique in the hall: ticket numbers are A001, A002…' })
  @Matches(/^[A-Z]{1,2}$/, { message: 'prefix must be one or two capital letters' }) prefix!: string;
  @ApiProperty({ type: [String], example: ['zrzy'], description: 'The departments whose tickets this queue takes (each in one queue only)' })
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 64, { each: true }) departmentIds!: string[];
}

export class WindowQueuesRequest {
  @ApiProperty({ type: [String], example: ['q-bdc', 'q-scjg'], description: 'The queues the window calls from (a comprehensive window: several)' })
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 64, { each: true }) queueIds!: string[];
}

/** An item, or a department (at least one). */
const ITEM_OR_DEPARTMENT = { anyOf: [{ required: ['itemCode'] }, { required: ['departmentId'] }] };

@DocumentedConditions(ITEM_OR_DEPARTMENT)
export class DrawTicketRequest {
  @ApiPropertyOptional({ example: 'ZRZY-001', description: 'The item the applicant comes for; or departmentId' })
  @ValidateIf((o: DrawTicketRequest) => o.departmentId === undefined || o.itemCode !== undefined) @IsString() @Length(1, 64) itemCode?: string;
  @ApiPropertyOptional({ example: 'zrzy', description: 'The department, when no item is named' })
  @Optional() @IsString() @Length(1, 64) departmentId?: string;
}

export class TimeSlotDto {
  @ApiProperty({ example: '2026-12-08T01:00:00.000Z' }) @IsInstant() from!: string;
  @ApiProperty({ example: '2026-12-08T01:30:00.000Z' }) @IsInstant() to!: string;
}

@DocumentedConditions(ITEM_OR_DEPARTMENT)
export class BookAppointmentRequest extends DrawTicketRequest {
  @ApiProperty({ type: TimeSlotDto, description: 'The time slot (预约时段): the ticket is called first from its start' })
  @IsObject() @ValidateNested() @Type(() => TimeSlotDto) slot!: TimeSlotDto;
}

export class WindowActionRequest {
  @ApiProperty({ example: 'w-zrzy', description: 'The window the ticket stands at (the caller’s own)' }) @IsString() @Length(1, 64) windowId!: string;
}

export class TransferTicketRequest extends WindowActionRequest {
  @ApiProperty({ example: 'w-zrzy-2', description: 'A window that calls from the ticket’s queue' }) @IsString() @Length(1, 64) toWindowId!: string;
}

export class QueueFiguresQuery {
  @ApiProperty({ example: '2026-12-01' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2026-12-07' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' }) to!: string;
}
