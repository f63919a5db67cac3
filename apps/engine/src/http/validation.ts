import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy, ValidateIf, ValidationArguments } from 'class-validator';
import { isLocalDate } from '@gov/domain';

export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

/** Shape only: unknown fields are refused, types converted, every bad field named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

export function validationFailed(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    code: 'VALIDATION.FAILED',
    message: errors.map((error) => `${error.field}: ${error.reason}`).join('; '),
    errors,
  });
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Absent, or valid. Unlike class-validator's @IsOptional, which lets null through unchecked, a
 * null is checked like any other value (and refused), as /docs-json states: no field is nullable.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 date-time (JSON Schema's `date-time`): a real day, a real time, an offset. */
export function isInstant(value: unknown): boolean {
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!match || !isLocalDate(match[1])) return false;
  const [hour, minute, second, offsetHour = 0, offsetMinute = 0] = [match[2], match[3], match[4], match[6], match[7]].map((part) => (part === undefined ? undefined : Number(part)));
  return hour! < 24 && minute! < 60 && second! < 60 && offsetHour < 24 && offsetMinute < 60;
}

export function IsInstant(): PropertyDecorator {
  return ValidateBy({ name: 'isInstant', validator: { validate: isInstant, defaultMessage: (args?: ValidationArguments) => `${args?.property} must be an RFC 3339 date-time such as 2012-04-05T01:00:00Z` } });
}
