import { INestApplication, ParseUUIDPipe } from '@nestjs/common';
import { GUARDS_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { finishDocument, RouteFacts } from './finish-document';

export const operationId = (controllerKey: string, methodKey: string) =>
  `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;

type Handler = (...args: unknown[]) => unknown;

/** What reflection tells about each route that the decorators do not: its guard, its uuid params. */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { name: string; prototype: Record<string, Handler> };
      const classGuards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, controller) ?? [];
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        if (key === 'constructor') continue;
        const handler = controller.prototype[key];
        if (typeof handler !== 'function') continue;
        const guards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, handler) ?? [];
        const args: Record<string, { data?: unknown; pipes?: unknown[] }> =
          Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {};
        const uuidParams = Object.entries(args)
          .filter(([kind]) => kind.startsWith('5:')) // RouteParamtypes.PARAM
          .filter(([, arg]) => (arg.pipes ?? []).some((pipe) => pipe instanceof ParseUUIDPipe))
          .map(([, arg]) => String(arg.data));
        facts.set(operationId(controller.name, key), {
          authenticated: [...classGuards, ...guards].includes(AccessTokenGuard),
          uuidParams,
        });
      }
    }
  }
  return facts;
}

/** The gateway's OpenAPI document: Nest's reading of the decorators, finished into the contract. */
export function buildDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Strata API')
    .setDescription(
      'Errors are application/problem+json (RFC 9457) with a stable `code`. Browsers authenticate with ' +
        'HttpOnly cookies and send X-CSRF-Token on unsafe methods; API clients send Authorization: Bearer.',
    )
    .setVersion('1')
    .build();
  const raw = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
  return finishDocument(raw, routeFacts(app));
}
