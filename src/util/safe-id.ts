import { UnsafeIdError } from './errors.js';

/** Agent ids, alias names and task ids become file names; this is the only shape allowed. */
export const SAFE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const MAX_ID_LENGTH = 128;

export function isSafeId(value: string): boolean {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_ID_LENGTH &&
    SAFE_ID_PATTERN.test(value) &&
    !value.includes('..')
  );
}

/** Throws {@link UnsafeIdError} unless `value` is a safe id. */
export function assertSafeId(kind: string, value: string): string {
  if (!isSafeId(value)) throw new UnsafeIdError(kind, String(value));
  return value;
}

/**
 * Turns any name ("Code Reviewer", "ui/ux.designer", "Ünïcode Agent") into a safe id.
 * Deterministic; returns '' only when nothing usable is left (callers pick a fallback).
 */
export function slugify(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const slug = ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return slug.slice(0, MAX_ID_LENGTH - 8).replace(/[-._]+$/g, '');
}
