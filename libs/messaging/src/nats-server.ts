import { ServerNats } from '@nestjs/microservices';

/** More routes than a service has subjects: beyond it, routes are worked out per message again. */
const MAX_ROUTES = 1024;

/**
 * Nest's NATS server with its handler lookup remembered. For every message Nest works out the
 * route of the subscription's subject with `JSON.parse(subject)` in a try/catch (a pattern may be
 * an object): a plain subject such as `accounts.profile.get` throws a SyntaxError, with its
 * stack, on every request (issue 15's profiles: `getRouteFromPattern` in every service). The
 * subject here is the subscription's own pattern, one of the handlers', so the answers are few;
 * the cache is bounded anyway.
 */
export class NatsServer extends ServerNats {
  private readonly routes = new Map<string, string>();

  override getRouteFromPattern(pattern: string): string {
    let route = this.routes.get(pattern);
    if (route === undefined) {
      route = super.getRouteFromPattern(pattern);
      if (this.routes.size < MAX_ROUTES) this.routes.set(pattern, route);
    }
    return route;
  }
}
