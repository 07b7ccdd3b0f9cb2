import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { repoRoot } from './repo-root';

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is plain JSON. */
type Json = Record<string, any>;

const DOCUMENT_ID = 'https://strata.dev/openapi/strata.openapi.json';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments count: of two templates that match, the more literal one wins. */
  literals: number;
  pointer: string;
  responses: Json;
}

/** One answer the document does not allow. */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The committed OpenAPI document (openapi/strata.openapi.json) as a checker of real answers:
 * the request's method and path pick the operation, whose documented statuses, media types and
 * schemas the answer must keep to. Each schema is compiled once.
 */
export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    for (const [template, item] of Object.entries<Json>(document.paths ?? {})) {
      const segments = template.split('/');
      const pattern = new RegExp(
        '^' +
          segments
            .map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
            .join('/') +
          '$',
      );
      for (const [method, operation] of Object.entries<Json>(item)) {
        if (!METHODS.has(method)) continue;
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern,
          literals: segments.filter((s) => !s.startsWith('{')).length,
          pointer: `#/paths/${escapePointer(template)}/${method}`,
          responses: operation.responses ?? {},
        });
      }
    }
  }

  /** The operation of a request, or undefined when the document has none (an unknown route). */
  operation(method: string, pathname: string): Operation | undefined {
    return this.operations
      .filter((op) => op.method === method.toUpperCase() && op.pattern.test(pathname))
      .sort((a, b) => b.literals - a.literals)[0];
  }

  /**
   * Throws a ContractViolation when the answer to `method pathname` is not one the document
   * allows: an undocumented status or media type, a body outside its schema, or a missing body.
   */
  check(method: string, pathname: string, status: number, contentType: string, text: string) {
    const operation = this.operation(method, pathname);
    if (!operation) return;
    const where = `${method} ${pathname} (${operation.template}) answered ${status}`;
    const key = String(status);
    const response = operation.responses[key] ?? operation.responses.default;
    if (!response)
      throw new ContractViolation(
        `${where}, a status the document does not list (${Object.keys(operation.responses).join(', ')}): ${text.slice(0, 500)}`,
      );
    const content: Json | undefined = response.content;
    if (!content || Object.keys(content).length === 0) {
      if (text !== '')
        throw new ContractViolation(
          `${where} with a body the document does not have: ${text.slice(0, 300)}`,
        );
      return;
    }
    const media = contentType.split(';')[0].trim().toLowerCase();
    if (!(media in content))
      throw new ContractViolation(
        `${where} as "${media || '(no content type)'}", not ${Object.keys(content).join(' or ')}`,
      );
    if (!/[/+]json$/.test(media)) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ContractViolation(`${where} with a body that is not JSON: ${text.slice(0, 300)}`);
    }
    const pointer = `${operation.pointer}/responses/${key in operation.responses ? key : 'default'}/content/${escapePointer(media)}/schema`;
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: DOCUMENT_ID + pointer });
      this.compiled.set(pointer, validate);
    }
    if (!validate(body))
      throw new ContractViolation(
        `${where} with a body outside its schema: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}\n${text.slice(0, 1000)}`,
      );
  }
}

let loaded: Promise<OpenApiContract> | undefined;

/** The contract of the committed document, read once per test process. */
export function committedContract(): Promise<OpenApiContract> {
  loaded ??= repoRoot().then(async (root) => {
    const text = await readFile(path.join(root, 'openapi', 'strata.openapi.json'), 'utf8');
    return new OpenApiContract(JSON.parse(text) as Json);
  });
  return loaded;
}
