import { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { buildDocument } from './build-document';

/**
 * OpenAPI document at /api/openapi.json and its browsable docs at /api/docs: the same document
 * `npm run openapi` commits as openapi/strata.openapi.json.
 */
export function setupOpenApi(app: INestApplication): void {
  const document = buildDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}
