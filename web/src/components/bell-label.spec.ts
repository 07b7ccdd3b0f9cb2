import { bellLabel } from './bell-label';

describe("the bell's accessible name", () => {
  it('carries the count the bell shows, zero included', () => {
    expect(bellLabel(0)).toBe('Notifications, 0 unread');
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
  });

  it('is the plain name while the count is not known', () => {
    expect(bellLabel(null)).toBe('Notifications');
  });
});
