import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** Where @nestjs/swagger keeps a DTO property's @ApiProperty options (its DECORATORS.API_MODEL_PROPERTIES). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

type Schema = Record<string, unknown>;

/**
 * What each class-validator check the server runs says in JSON Schema. The checks the
 * document cannot state (a `to` not before `from`, a rule of the domain) stay the server's:
 * a 400 or a rule code.
 */
const CONSTRAINTS: Record<string, (constraints: readonly any[]) => Schema> = {
  isString: () => ({ type: 'string' }),
  isLength: ([min, max]) => ({ ...(min !== undefined ? { minLength: min } : {}), ...(max !== undefined ? { maxLength: max } : {}) }),
  minLength: ([min]) => ({ minLength: min }),
  maxLength: ([max]) => ({ maxLength: max }),
  matches: ([pattern]) => ({ type: 'string', pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  isIn: ([values]) => ({ enum: [...values] }),
  isInt: () => ({ type: 'integer' }),
  min: ([minimum]) => ({ minimum }),
  max: ([maximum]) => ({ maximum }),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  arrayMinSize: ([min]) => ({ minItems: min }),
  arrayMaxSize: ([max]) => ({ maxItems: max }),
  isObject: () => ({ type: 'object' }),
  isCalendarDate: () => ({ format: 'date' }),
  isInstant: () => ({ format: 'date-time' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
};

/** A property whose @ApiProperty type is a DTO class: swagger makes its schema (a $ref), checks add nothing to it. */
const isClass = (type: unknown): boolean => typeof type === 'function' && ![String, Number, Boolean, Object, Array].includes(type as never);

/**
 * Copies every DTO's class-validator checks into its @ApiProperty options before the document
 * is made, so /docs-json states the lengths, patterns, ranges and enums the server enforces
 * (what @nestjs/swagger's CLI plugin with classValidatorShim does at build time; the engine's
 * tests compile with SWC, which runs no such plugin: decision 0040). A property checked only
 * under a condition (@IsOptional, @ValidateIf) is not required; any other is.
 */
export function documentValidationConstraints(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, ValidationMetadata[]> };
  for (const [target, metadatas] of storage.validationMetadatas) {
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const metadata of metadatas) byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
    for (const [property, checks] of byProperty) mergeInto(target.prototype, property, checks);
  }
}

function mergeInto(prototype: object, property: string, checks: readonly ValidationMetadata[]): void {
  const existing = Reflect.getOwnMetadata(API_MODEL_PROPERTIES, prototype, property) as Schema | undefined;
  if (!existing) return;
  const own: Schema = {};
  const items: Schema = {};
  for (const check of checks) {
    const name = check.name ?? constraintName(check);
    const schema = name ? CONSTRAINTS[name]?.(check.constraints ?? []) : undefined;
    if (schema) Object.assign(check.each ? items : own, schema);
  }
  const conditional = checks.some((check) => check.type === 'conditionalValidation');
  const merged: Schema = { ...existing, ...own, required: !conditional };
  // @ApiProperty's `type` (a class, or the property's design type) stays, but a number checked as an integer is one.
  if (existing.type !== undefined && !(own.type === 'integer' && (existing.type === Number || existing.type === 'number'))) merged.type = existing.type;
  if (Object.keys(items).length > 0 && !isClass(existing.type)) merged.items = { ...(existing.items as Schema | undefined), ...items };
  Reflect.defineMetadata(API_MODEL_PROPERTIES, merged, prototype, property);
}

/** A custom @Validate(Class) check names itself by its @ValidatorConstraint({ name }). */
function constraintName(check: ValidationMetadata): string | undefined {
  if (!check.constraintCls) return undefined;
  return getMetadataStorage().getTargetValidatorConstraints(check.constraintCls)[0]?.name;
}

const CONDITIONS = new Map<string, Schema>();

/**
 * What a DTO's @ValidateIf conditions say, in JSON Schema, for the document (a field required
 * for one kind: `anyOf`); the class's schema in /docs-json gains it (completeDocument).
 */
export function DocumentedConditions(schema: Schema): ClassDecorator {
  return (target) => {
    CONDITIONS.set(target.name, schema);
  };
}

export function addDocumentedConditions(schemas: Record<string, Schema>): void {
  for (const [name, schema] of CONDITIONS) if (schemas[name]) Object.assign(schemas[name], schema);
}
