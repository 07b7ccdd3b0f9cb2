import http from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Application } from 'express';

type Constructor<T> = new (...args: never[]) => T;

/** An Express application's prototypes of its requests and responses (not in its types). */
type ExpressPrototypes = { request: object; response: object };

/**
 * Node's request and response constructors, made with the Express application's own `request`
 * and `response` objects as their prototypes.
 *
 * Why: Express 5 calls `Object.setPrototypeOf(req, app.request)` (and the same for `res`) on
 * every request. V8 then gives each object a hidden class (map) of its own, about 1 KB of map
 * and descriptor array per request and per response, kept as long as the request lives (an
 * event stream: hours), and every later property access on them misses the shared inline caches.
 * When the objects are born with that prototype, Express's call changes nothing (the prototype
 * is already the one it sets) and every request shares one map, as on a bare node:http server.
 * The objects are still Node's: the constructors are Node's, called on them.
 */
export function expressShapedMessages(app: ExpressPrototypes): {
  IncomingMessage: typeof http.IncomingMessage;
  ServerResponse: typeof http.ServerResponse;
} {
  function ExpressRequest(this: http.IncomingMessage, socket: never): void {
    (http.IncomingMessage as unknown as (this: unknown, socket: never) => void).call(this, socket);
  }
  // Node's constructor as the function's own prototype, as a subclass would have it: V8 sizes an
  // object's in-object fields from its constructor chain; without it the objects start with
  // none, overflow into a growing property store and fall into (much larger) dictionary mode.
  Object.setPrototypeOf(ExpressRequest, http.IncomingMessage);
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: http.ServerResponse, req: never, options: never): void {
    (http.ServerResponse as unknown as (this: unknown, req: never, options: never) => void).call(
      this,
      req,
      options,
    );
  }
  Object.setPrototypeOf(ExpressResponse, http.ServerResponse);
  ExpressResponse.prototype = app.response;
  return {
    IncomingMessage:
      ExpressRequest as unknown as Constructor<http.IncomingMessage> as typeof http.IncomingMessage,
    ServerResponse:
      ExpressResponse as unknown as Constructor<http.ServerResponse> as typeof http.ServerResponse,
  };
}

/** Nest's Express adapter, whose HTTP server builds requests and responses already Express's. */
export class SharedShapeExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Application>();
    this.httpServer = http.createServer(
      expressShapedMessages(app as unknown as ExpressPrototypes),
      app,
    );
  }
}
