import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { endRequestSpan, traceRequests } from './trace-requests.middleware';

function request(): { req: Request; res: Response } {
  const req = { method: 'GET', baseUrl: '', path: '/api/v1/events', headers: {} } as Request;
  const res = Object.assign(new EventEmitter(), { statusCode: 200 }) as unknown as Response;
  return { req, res };
}

describe('endRequestSpan', () => {
  it('ends the request’s span once, early; finishing the response later ends nothing more', () => {
    const { req, res } = request();
    const next = jest.fn();
    traceRequests(req, res, next);
    expect(next).toHaveBeenCalled();
    expect(endRequestSpan(res)).toBeDefined();
    expect(endRequestSpan(res)).toBeUndefined();
    res.emit('finish');
    expect(endRequestSpan(res)).toBeUndefined();
  });

  it('answers nothing for a response with no span', () => {
    expect(endRequestSpan(request().res)).toBeUndefined();
  });

  it('the span ends with the response when nothing ended it before', () => {
    const { req, res } = request();
    traceRequests(req, res, () => undefined);
    res.emit('finish');
    expect(endRequestSpan(res)).toBeUndefined();
  });
});
