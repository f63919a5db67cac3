import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ErasePersonalDataRequest {
  @ApiProperty({ example: '申请人依《个人信息保护法》第四十七条请求删除', description: 'Why the person is erased: kept in the record' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
