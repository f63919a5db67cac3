import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { SupplyMaterialsRequest } from './case-actions.request.dto';

const TEXT = 500;

/** 行政许可法 §42: the department head's extension. */
export class ExtendTimeLimitRequest {
  @ApiProperty({ example: '县市场监督管理局局长', description: 'The department head who approved the extension' })
  @IsString()
  @Length(1, 100)
  approver!: string;

  @ApiProperty({ example: '需征求规划部门意见', description: 'The reason, told to the applicant (on the case\'s own view)' })
  @IsString()
  @Length(1, TEXT)
  reason!: string;
}

/** 容缺受理: accepted with non-essential materials missing, on a written commitment. */
export class AcceptWithGapsRequest {
  @ApiProperty({ type: [String], example: ['卫生许可证复印件'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  missingMaterials!: string[];

  @ApiProperty({ example: '本人承诺于2026年4月10日前补交上述材料，逾期未补交的，同意不予许可' })
  @IsString()
  @Length(1, TEXT)
  commitment!: string;

  @ApiProperty({ example: '2026-04-10', description: 'The day the materials are due (Shanghai), at most the case\'s due date' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  materialsDueDate!: string;
}

/** The committed materials, shaped as any supply of materials. */
export class SupplyCommittedMaterialsRequest extends SupplyMaterialsRequest {}
