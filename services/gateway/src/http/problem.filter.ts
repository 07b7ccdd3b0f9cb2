import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import {
  DomainError,
  internalProblem,
  Problem,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  statusTitle,
} from '@strata/errors';
import { allowedMethods, ExpressApp } from './allowed-methods';

/** Codes for the errors Nest and Express raise themselves. */
const HTTP_CODES: Record<number, string> = {
  400: 'gateway.bad_request',
  401: 'gateway.unauthenticated',
  403: 'gateway.forbidden',
  404: 'gateway.not_found',
  405: 'gateway.method_not_allowed',
  413: 'gateway.payload_too_large',
  415: 'gateway.unsupported_media_type',
  503: 'gateway.unavailable',
};

export function problemFor(exception: unknown): Problem | undefined {
  if (exception instanceof DomainError) return exception.toProblem();
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = HTTP_CODES[status] ?? `gateway.http_${status}`;
    const detail = status === 404 ? 'No such resource.' : exception.message;
    return { type: PROBLEM_TYPE_BASE + code, title: statusTitle(status), status, detail, code };
  }
  return undefined;
}

function methodNotAllowed(method: string, allow: string[]): Problem {
  const code = HTTP_CODES[405];
  return {
    type: PROBLEM_TYPE_BASE + code,
    title: statusTitle(405),
    status: 405,
    detail: `${method} is not a method of this resource; use ${allow.join(', ')}.`,
    code,
  };
}

export function sendProblem(res: Response, req: Request, problem: Problem): void {
  if (problem.retryAfter !== undefined) res.setHeader('Retry-After', String(problem.retryAfter));
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, instance: req.originalUrl.split('?')[0] }));
}

/** Every error leaves the gateway as application/problem+json with a stable code, no stack. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    let problem = problemFor(exception);
    // No route for this method: a 405 with Allow when the path is a route of other methods.
    if (problem?.code === 'gateway.not_found' && !(exception instanceof DomainError)) {
      const express = this.adapterHost.httpAdapter?.getInstance<ExpressApp>();
      const allow = express ? allowedMethods(express, req.path) : [];
      if (allow.length && !allow.includes(req.method)) {
        res.setHeader('Allow', allow.join(', '));
        problem = methodNotAllowed(req.method, allow);
      }
    }
    if (!problem) {
      this.logger.error({ err: exception, path: req.path }, 'unhandled error');
      problem = internalProblem();
    }
    sendProblem(res, req, problem);
  }
}
