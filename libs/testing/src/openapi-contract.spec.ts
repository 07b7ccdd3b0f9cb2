import { ContractViolation, OpenApiContract } from './openapi-contract';

const problem = {
  type: 'object',
  properties: { code: { type: 'string' } },
  required: ['code'],
};
const contract = new OpenApiContract({
  openapi: '3.1.0',
  paths: {
    '/api/v1/things/{id}': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { id: { type: 'string', format: 'uuid' }, n: { type: 'integer' } },
                  required: ['id'],
                  additionalProperties: false,
                },
              },
            },
          },
          '404': {
            description: 'none',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/P' } } },
          },
        },
      },
      delete: { responses: { '204': { description: 'gone' } } },
    },
    '/api/v1/things/special': {
      get: { responses: { '200': { description: 'ok', content: { 'text/plain': {} } } } },
    },
  },
  components: { schemas: { P: problem } },
});
const id = '0b7d2a4e-7c1f-4d55-9d2a-8f6f3c1e2b10';

describe('OpenApiContract', () => {
  it('lets an answer the document allows through', () => {
    expect(() =>
      contract.check('GET', `/api/v1/things/${id}`, 200, 'application/json', `{"id":"${id}"}`),
    ).not.toThrow();
    expect(() =>
      contract.check(
        'GET',
        `/api/v1/things/${id}`,
        404,
        'application/problem+json',
        '{"code":"x"}',
      ),
    ).not.toThrow();
    expect(() => contract.check('DELETE', `/api/v1/things/${id}`, 204, '', '')).not.toThrow();
  });

  it('refuses a field the schema does not have, a bad format, or a wrong type', () => {
    const body = (value: object) => JSON.stringify(value);
    for (const text of [
      body({ id, $typeName: 'strata.Thing' }),
      body({ id: 'not-a-uuid' }),
      body({ id, n: 'one' }),
      body({}),
    ])
      expect(() =>
        contract.check('GET', `/api/v1/things/${id}`, 200, 'application/json', text),
      ).toThrow(ContractViolation);
  });

  it('refuses an undocumented status, media type, or a body where none is documented', () => {
    expect(() =>
      contract.check('GET', `/api/v1/things/${id}`, 409, 'application/problem+json', '{}'),
    ).toThrow(/status the document does not list/);
    expect(() =>
      contract.check('GET', `/api/v1/things/${id}`, 200, 'text/html', `{"id":"${id}"}`),
    ).toThrow(/not application\/json/);
    expect(() =>
      contract.check('DELETE', `/api/v1/things/${id}`, 204, 'application/json', '{}'),
    ).toThrow(/body the document does not have/);
  });

  it('matches the more literal template and ignores routes the document has not', () => {
    expect(contract.operation('GET', '/api/v1/things/special')?.template).toBe(
      '/api/v1/things/special',
    );
    expect(() =>
      contract.check('GET', '/api/v1/things/special', 200, 'text/plain', 'hi'),
    ).not.toThrow();
    expect(() =>
      contract.check('GET', '/api/v1/unknown', 404, 'application/json', '{}'),
    ).not.toThrow();
    expect(() => contract.check('PUT', `/api/v1/things/${id}`, 405, 'text/html', '')).not.toThrow();
  });
});
