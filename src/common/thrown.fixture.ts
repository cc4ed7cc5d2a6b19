import { DomainError } from './domain-error.js';

/** The DomainError an action throws; fails the test when it throws nothing or something else. */
export function domainErrorOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
