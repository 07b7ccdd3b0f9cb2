import { ServerNats } from '@nestjs/microservices';
import { NatsServer } from './nats-server';

describe('NatsServer', () => {
  const options = { servers: ['nats://127.0.0.1:4222'] };

  it('finds the same routes as Nest’s server, for subjects and object patterns', () => {
    const nest = new ServerNats(options);
    const ours = new NatsServer(options);
    for (const pattern of ['accounts.profile.get', 'cluster.cluster.list', '{"cmd":"sum"}'])
      for (let i = 0; i < 2; i++)
        expect(ours.getRouteFromPattern(pattern)).toBe(nest.getRouteFromPattern(pattern));
  });

  it('works a subject’s route out once, not with a JSON.parse that throws per message', () => {
    const server = new NatsServer(options);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      for (let i = 0; i < 5; i++) server.getRouteFromPattern('accounts.profile.get');
      expect(parse.mock.calls.filter(([text]) => text === 'accounts.profile.get')).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
  });
});
