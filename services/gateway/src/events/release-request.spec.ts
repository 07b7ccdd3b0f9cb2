import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { detachRequestLog, releaseRequest } from './release-request';

describe('releaseRequest', () => {
  it('drops what the stream does not need, keeps the rest and the objects’ own fields', () => {
    const req = {
      principal: { userId: 'u' },
      log: {},
      cookies: {},
      url: '/api/v1/events',
      id: 'r1',
    };
    const res = { log: {}, locals: { a: 1 }, statusCode: 200 };
    releaseRequest(req, res);
    expect(req).toEqual({
      principal: undefined,
      log: undefined,
      cookies: undefined,
      url: '/api/v1/events',
      id: 'r1',
    });
    expect(res).toEqual({ log: undefined, locals: undefined, statusCode: 200 });
  });

  it('lets go of the request’s header strings (a late reader finds no header)', () => {
    const req = new IncomingMessage(new Socket());
    req.rawHeaders = ['Authorization', 'Bearer abc.def.ghi', 'Cookie', 'a=b'];
    req.headers = { authorization: 'Bearer abc.def.ghi', cookie: 'a=b' };
    releaseRequest(req, {});
    expect(req.rawHeaders).toEqual([]);
    expect(req.headers).toEqual({});
    expect(req.headers.authorization).toBeUndefined();
  });

  it('adds no field an object did not have', () => {
    const req = { url: '/' };
    releaseRequest(req, {});
    expect(Object.keys(req)).toEqual(['url']);
  });
});

describe('detachRequestLog', () => {
  function served() {
    const lines: string[] = [];
    const dest = new PassThrough();
    dest.on('data', (b: Buffer) => lines.push(b.toString()));
    const middleware = pinoHttp({ logger: pino(dest) });
    const req = new IncomingMessage(new Socket());
    const res = new ServerResponse(req);
    middleware(req, res);
    return { res, lines };
  }

  it('takes pino-http’s completion listeners off the response', () => {
    const { res } = served();
    const before = ['close', 'finish', 'error'].map((e) => res.listenerCount(e));
    expect(before.every((n) => n > 0)).toBe(true);
    expect(detachRequestLog(res)).toBe(true);
    expect(res.listenerCount('close')).toBe(before[0] - 1);
    expect(res.listenerCount('finish')).toBe(before[1] - 1);
    expect(res.listenerCount('error')).toBe(before[2] - 1);
  });

  it('leaves other listeners and answers false when pino-http has none there', () => {
    const emitter = new EventEmitter();
    const mine = () => undefined;
    emitter.on('close', mine);
    expect(detachRequestLog(emitter)).toBe(false);
    expect(emitter.listeners('close')).toEqual([mine]);
  });
});
