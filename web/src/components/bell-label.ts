/**
 * The bell's accessible name: it carries the number the bell shows (WCAG 2.5.3 Label in Name: a
 * sighted speech user says what they see, "0", so the name says "0 unread", not "none").
 * `null` while the count is not known yet (the bell shows a dash).
 */
export function bellLabel(unread: number | null): string {
  return unread === null ? 'Notifications' : `Notifications, ${unread} unread`;
}
