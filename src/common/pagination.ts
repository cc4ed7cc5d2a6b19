import { ApiProperty } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Type } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/**
 * The one pagination scheme of the API: keyset pages. A list answers `{ items, nextCursor }`;
 * the caller sends `nextCursor` back as `cursor` for the next page until it is null. The
 * cursor is opaque (base64url of the last item's sort key), so a page never skips or repeats
 * rows when others are added meanwhile, as an offset would.
 */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** One part of a sort key: what `decodeCursor` accepts in that position. */
export type CursorPart = 'string' | 'number' | 'uuid';

type PartValue<P extends CursorPart> = P extends 'number' ? number : string;
export type CursorKey<S extends readonly CursorPart[]> = { -readonly [I in keyof S]: PartValue<S[I]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor made by `encodeCursor` with the same shape, else 400 CURSOR_INVALID. */
export function decodeCursor<const S extends readonly CursorPart[]>(cursor: string, shape: S): CursorKey<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const fits =
    Array.isArray(parsed) &&
    parsed.length === shape.length &&
    shape.every((part, index) => {
      const value: unknown = parsed[index];
      if (part === 'number') return typeof value === 'number' && Number.isSafeInteger(value);
      if (part === 'uuid') return typeof value === 'string' && UUID.test(value);
      return typeof value === 'string';
    });
  if (!fits) throw new DomainError('CURSOR_INVALID', {}, 'bad_request');
  return parsed as CursorKey<S>;
}

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only tells that more follow.
 */
export function pageOf<R, T>(rows: readonly R[], limit: number, keyOf: (row: R) => readonly (string | number)[], view: (rows: R[]) => T[]): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: view(shown), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The query every list takes; list DTOs extend it with their filters. */
export class PageQueryDto {
  /** How many items at most (1–200, 50 by default). */
  @IsOptional() @TransformType(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  /** The `nextCursor` of the previous page. */
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export function pageSizeOf(query: { limit?: number }): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

const pageClasses = new Map<Type, Type>();

/** The OpenAPI response class of a page of `item` (named `<Item>Page`). */
export function PageOfView<T>(item: Type<T>): Type<Page<T>> {
  const known = pageClasses.get(item);
  if (known) return known as Type<Page<T>>;
  class PageView {
    @ApiProperty({ type: () => [item] }) items!: T[];
    @ApiProperty({ type: String, nullable: true, description: 'Send back as `cursor` for the next page; null on the last page.' })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageView, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
  pageClasses.set(item, PageView);
  return PageView;
}
