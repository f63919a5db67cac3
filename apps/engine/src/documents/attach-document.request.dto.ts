import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class AttachDocumentQuery {
  @ApiProperty({ example: '申请书', maxLength: 200, description: 'The material the document is (a name from the item\'s list, or another)' })
  @IsString()
  @Length(1, 200)
  material!: string;
}

export class DocumentResponse {
  @ApiProperty({ example: '019a3c1e-7d2f-7c4e-9b1a-2f3d4e5f6a7b' }) documentId!: string;
  @ApiProperty({ example: '申请书' }) material!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'] }) mediaType!: string;
  @ApiProperty({ enum: ['online', 'window-scan', 'decision'] }) source!: string;
  @ApiProperty({ example: 48213, description: 'Bytes of the document' }) size!: number;
  @ApiProperty({ description: 'SHA-256 of the stored (encrypted) bytes: their address in the document store' }) sha256!: string;
  @ApiProperty({ example: '2026-04-07T02:00:00.000Z' }) attachedAt!: string;
}
