import { MIN_PASSWORD_LENGTH as SERVER_MINIMUM } from '../../../src/auth/password';
import { MIN_PASSWORD_LENGTH } from './password';

describe('the console password minimum', () => {
  it('is the one the API enforces', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(SERVER_MINIMUM);
  });
});
