import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /api/openapi.json and its browsable docs at /api/docs. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Strata API')
    .setDescription(
      'Errors are application/problem+json (RFC 9457) with a stable `code`. Browsers authenticate with ' +
        'HttpOnly cookies and send X-CSRF-Token on unsafe methods; API clients send Authorization: Bearer.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('__Host-strata_at')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}
