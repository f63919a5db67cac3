import { ApiProperty } from '@nestjs/swagger';
import { isLocalDate } from '@gov/domain';
import { Matches, Validate, ValidatorConstraint, ValidatorConstraintInterface, ValidationArguments } from 'class-validator';

@ValidatorConstraint({ name: 'isCalendarDate' })
class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isLocalDate(value);
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a real calendar date YYYY-MM-DD`;
  }
}

@ValidatorConstraint({ name: 'notBeforeFrom' })
class NotBeforeFrom implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const from = (args.object as PeriodQuery).from;
    return typeof value === 'string' && typeof from === 'string' && value >= from;
  }
  defaultMessage(): string {
    return 'to must not be before from';
  }
}

/** A period of Shanghai days, both ends included. */
export class PeriodQuery {
  @ApiProperty({ example: '2026-04-03', description: 'First day, Asia/Shanghai' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  @Validate(IsCalendarDate)
  from!: string;

  @ApiProperty({ example: '2026-04-17', description: 'Last day, Asia/Shanghai, included' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  @Validate(IsCalendarDate)
  @Validate(NotBeforeFrom)
  to!: string;
}
