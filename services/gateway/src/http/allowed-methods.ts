import { METHODS } from 'node:http';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/** An Express application (what Nest's HTTP adapter holds). */
export interface ExpressApp {
  router?: { stack?: RouteLayer[] };
}

/**
 * The methods the application's routes answer at `path` (with HEAD beside GET, as Express
 * answers it), read from the Express router: empty when no route has this path.
 */
export function allowedMethods(app: ExpressApp, path: string): string[] {
  const methods = new Set<string>();
  for (const layer of app.router?.stack ?? []) {
    if (!layer.route || !layer.match(path)) continue;
    // Middleware bound to every method (Nest's `forRoutes('*')`) is not a resource's route.
    if (Object.keys(layer.route.methods).length >= METHODS.length) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on || method === '_all') continue;
      methods.add(method.toUpperCase());
      if (method === 'get') methods.add('HEAD');
    }
  }
  return [...methods].sort();
}
