import { personalCaches, personalKeys, sendableBy, unsent } from './ownership';

const write = (id: string, state: string, userId?: string) => ({ id, state, userId });

describe('queue ownership', () => {
  const items = [write('a', 'pending', 'alice'), write('b', 'pending', 'bob'), write('c', 'pending'), write('d', 'done', 'alice'), write('e', 'rejected', 'alice')];

  it('sends only the signed-in person\'s waiting writes, never another user\'s or an unowned one', () => {
    expect(sendableBy(items, 'alice').map((item) => item.id)).toEqual(['a']);
    expect(sendableBy(items, 'bob').map((item) => item.id)).toEqual(['b']);
    expect(sendableBy(items, null)).toEqual([]);
    expect(sendableBy(items, undefined)).toEqual([]);
  });

  it('counts waiting and refused writes as unsent, done ones not', () => {
    expect(unsent(items).map((item) => item.id)).toEqual(['a', 'b', 'c', 'e']);
  });
});

describe('what sign-out removes', () => {
  it('every console key of localStorage but the language, and no one else\'s', () => {
    expect(personalKeys(['ushirika.session', 'ushirika.sellers.kab', 'ushirika.sites.x', 'ushirika.lang', 'other.app'])).toEqual(['ushirika.session', 'ushirika.sellers.kab', 'ushirika.sites.x']);
  });

  it('every cache but the app shell', () => {
    expect(personalCaches(['ushirika-shell-abc', 'ushirika-api', 'images'])).toEqual(['ushirika-api', 'images']);
  });
});
