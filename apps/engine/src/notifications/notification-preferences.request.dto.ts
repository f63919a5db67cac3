import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches } from 'class-validator';
import { Optional } from '../http/validation';

export class NotificationPreferencesRequest {
  @ApiProperty({ description: 'true: no more notifications about this case' })
  @IsBoolean()
  optedOut!: boolean;

  @ApiPropertyOptional({ description: 'The applicant\'s openid on the center\'s WeChat service account: notifications then go there instead of SMS', example: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{6,64}$/, { message: 'wechatOpenId must be 6 to 64 letters, digits, _ or -' })
  wechatOpenId?: string;
}

export class NotificationResponse {
  @ApiProperty() notificationId!: string;
  @ApiProperty() caseNo!: string;
  @ApiProperty({ enum: ['receipt', 'materials-requested', 'suspended', 'resumed', 'fee-assessed', 'completed', 'overdue-apology'] }) kind!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'dead', 'declined'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, enum: ['sms', 'wechat', 'log'] }) channel!: string | null;
  @ApiProperty({ nullable: true, description: 'Why it is dead-lettered or declined, or the last failure' }) reason!: string | null;
  @ApiProperty({ nullable: true }) sentAt!: string | null;
}
