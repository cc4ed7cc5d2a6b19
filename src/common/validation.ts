import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, type ValidationArguments } from 'class-validator';
import { DomainError, type FieldError } from './domain-error.js';
import { bodyNotObject, isJsonObject } from './json-body.js';

/** The code of a required field that is absent (or null): one error, whatever its other rules. */
export const REQUIRED = 'required';

/**
 * What each constraint's numbers are called in the catalogue templates (templates/i18n/*\/validation.json):
 * `@Length(1, 40)` gives `{min}` and `{max}`, `@IsIn([...])` gives `{values}`.
 */
const PARAM_NAMES: Readonly<Record<string, readonly string[]>> = {
  min: ['min'],
  max: ['max'],
  minLength: ['min'],
  maxLength: ['max'],
  isLength: ['min', 'max'],
  arrayMinSize: ['min'],
  arrayMaxSize: ['max'],
  isIn: ['values'],
  isEnum: ['values'],
};

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** Rules about what kind of value a field holds: when one fails, the rules about its size say nothing. */
const TYPE_CODES: ReadonlySet<string> = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'nestedValidation']);

interface Validatable {
  validate(value: unknown, args: ValidationArguments): unknown;
}

function metadataOf(target: object | undefined, property: string, code: string): ValidationMetadata | undefined {
  if (!target) return undefined;
  return getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((metadata) => metadata.propertyName === property && (metadata.name ?? metadata.type) === code);
}

function paramsOf(code: string, metadata: ValidationMetadata | undefined): Record<string, unknown> {
  const names = PARAM_NAMES[code] ?? [];
  const constraints = metadata?.constraints ?? [];
  const values = code === 'isEnum' && isJsonObject(constraints[0]) ? [Object.values(constraints[0])] : constraints;
  return Object.fromEntries(names.flatMap((name, index) => (values[index] === undefined ? [] : [[name, values[index]]])));
}

/** For a rule applied to each element (`{ each: true }`), the positions of the elements that break it. */
function failingPositions(metadata: ValidationMetadata, target: object, property: string, value: unknown): number[] | undefined {
  if (!Array.isArray(value) || !metadata.each || typeof metadata.constraintCls !== 'function') return undefined;
  const constraint = new (metadata.constraintCls as new () => Validatable)();
  const positions: number[] = [];
  for (const [index, element] of (value as unknown[]).entries()) {
    const args: ValidationArguments = { value: element, constraints: metadata.constraints as unknown[], targetName: target.constructor.name, object: target, property };
    const valid = constraint.validate(element, args);
    if (typeof valid !== 'boolean') return undefined;
    if (!valid) positions.push(index);
  }
  return positions.length > 0 ? positions : undefined;
}

function fieldName(prefix: string, property: string): string {
  if (!prefix) return property;
  return /^\d+$/.test(property) ? `${prefix}[${property}]` : `${prefix}.${property}`;
}

function errorsOf(error: ValidationError, field: string): FieldError[] {
  const codes = Object.keys(error.constraints ?? {});
  if (codes.includes('whitelistValidation')) return [{ field, code: 'whitelistValidation' }];
  if (codes.length > 0 && (error.value === undefined || error.value === null)) return [{ field, code: REQUIRED }];
  const all = codes.flatMap((code) => {
    const metadata = metadataOf(error.target, error.property, code);
    const params = paramsOf(code, metadata);
    const positions = metadata && error.target ? failingPositions(metadata, error.target, error.property, error.value) : undefined;
    if (!positions) return [{ field, code, params }];
    return positions.map((position) => ({ field: `${field}[${position}]`, code, params }));
  });
  // A value of the wrong type is reported as such, not also as too long, too short or too large.
  const wrongType = new Set(all.filter((fieldError) => TYPE_CODES.has(fieldError.code)).map((fieldError) => fieldError.field));
  return all.filter((fieldError) => TYPE_CODES.has(fieldError.code) || !wrongType.has(fieldError.field));
}

/**
 * class-validator's tree as one flat list in the API's field names (`members[2].name`), one
 * catalogue code per broken rule; the English default texts are dropped, never shown.
 */
export function fieldErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = fieldName(prefix, error.property);
    return [...errorsOf(error, field), ...fieldErrors(error.children ?? [], field)];
  });
}

/** Bodies that are not one JSON object never reach class-validator: 400 BODY_NOT_OBJECT. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== undefined && !isJsonObject(value) && this.toValidate(metadata)) throw bodyNotObject();
    return super.transform(value, metadata);
  }
}

/** Strict input: unknown fields are refused, types converted, every field's problem listed. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Target and value let fieldErrors tell a missing field and find array positions; neither is sent.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => new DomainError('VALIDATION_FAILED', {}, 'bad_request', fieldErrors(errors)),
  });
}
