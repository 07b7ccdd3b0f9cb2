import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_TYPE_BASE, statusTitle } from '@strata/errors';
import { sendProblem } from './problem.filter';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const problem = (status: number, code: string, detail: string) => ({
  type: PROBLEM_TYPE_BASE + code,
  title: statusTitle(status),
  status,
  detail,
  code,
});

/** Refuses a body that is not JSON (415) before it is parsed. */
export function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'];
  if (UNSAFE.has(req.method) && hasBody && !req.is('application/json')) {
    sendProblem(
      res,
      req,
      problem(415, 'gateway.unsupported_media_type', 'Send the body as application/json.'),
    );
    return;
  }
  next();
}

/** Turns body-parser failures (broken JSON, too large, bad encoding) into problems. */
export function bodyErrors(
  err: BodyParserError,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  switch (err.type) {
    case 'entity.parse.failed':
      return sendProblem(
        res,
        req,
        problem(400, 'gateway.malformed_json', 'The body is not valid JSON.'),
      );
    case 'entity.too.large':
      return sendProblem(
        res,
        req,
        problem(413, 'gateway.payload_too_large', 'The body is too large.'),
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return sendProblem(
        res,
        req,
        problem(415, 'gateway.unsupported_media_type', 'Send UTF-8 JSON.'),
      );
    case 'request.aborted':
    case 'request.size.invalid':
      return sendProblem(res, req, problem(400, 'gateway.bad_request', 'The body was incomplete.'));
    default:
      // Any other failure to read the body (a corrupt gzip stream, say) is the client's.
      if (err.status !== undefined && err.status >= 400 && err.status < 500) {
        return sendProblem(
          res,
          req,
          problem(400, 'gateway.unreadable_body', 'The body could not be read.'),
        );
      }
      next(err);
  }
}
