import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class ApplicantSignInRequest {
  @ApiProperty({ example: 'SCJG-20260403-00001' })
  @IsString() @Matches(/^[A-Z0-9]{1,16}-\d{8}-\d{5,}$/, { message: 'caseNo must look like SCJG-20260403-00001' })
  caseNo!: string;

  @ApiProperty({ example: '7KQ2-M9XD', description: 'The query code (查询码) on the receipt; case and dashes do not matter' })
  @IsString() @Length(8, 16)
  queryCode!: string;
}

export class ApplicantSession {
  @ApiProperty({ description: 'Bearer token for this case only' }) token!: string;
  @ApiProperty({ example: 'SCJG-20260403-00001' }) caseNo!: string;
  @ApiProperty({ example: '2026-04-03T03:00:00.000Z' }) expiresAt!: string;
}
