import { messageIdFor } from './mailer';

describe('messageIdFor', () => {
  const delivery = '3f2b8c1e-9a4d-5e6f-8a7b-1c2d3e4f5a6b';

  it('names the delivery at the sender’s domain, the same for every attempt', () => {
    expect(messageIdFor(delivery, 'strata@example.com')).toBe(`<${delivery}@example.com>`);
    expect(messageIdFor(delivery, 'Strata <no-reply@mail.example.org>')).toBe(
      `<${delivery}@mail.example.org>`,
    );
    expect(messageIdFor(delivery, 'strata@example.com')).toBe(
      messageIdFor(delivery, 'strata@example.com'),
    );
  });

  it('falls back to a reserved domain when MAIL_FROM has none', () => {
    expect(messageIdFor(delivery, 'strata')).toBe(`<${delivery}@strata.invalid>`);
  });
});
