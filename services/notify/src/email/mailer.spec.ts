import { messageIdFor, pooledSmtpUrl } from './mailer';

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

describe('pooledSmtpUrl', () => {
  it('pools the connections, credentials and other settings kept', () => {
    const url = new URL(pooledSmtpUrl('smtps://user:p%40ss@mail.example.com:465/?name=strata'));
    expect(url.searchParams.get('pool')).toBe('true');
    expect(url.searchParams.get('name')).toBe('strata');
    expect(`${url.protocol}//${url.username}:${url.password}@${url.host}`).toBe(
      'smtps://user:p%40ss@mail.example.com:465',
    );
  });

  it('leaves a URL that says pool=false as it is', () => {
    expect(
      new URL(pooledSmtpUrl('smtp://127.0.0.1:2525/?pool=false')).searchParams.get('pool'),
    ).toBe('false');
  });
});
