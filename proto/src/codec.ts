import {
  create,
  fromJson,
  toJson,
  type DescMessage,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
  type MessageValidType,
} from '@bufbuild/protobuf';
import { isFieldError, pathToString } from '@bufbuild/protobuf/reflect';
import { createValidator } from '@bufbuild/protovalidate';
import { ContractViolationError, type ContractViolation } from './contract-violation.error';

const validator = createValidator();
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Builds a message from `init`, validates it, and serializes it as proto3 JSON (UTF-8 bytes)
 * with proto field names (`user_agent`, matching violation paths): JSON on the wire keeps
 * NATS traffic readable with `nats sub`. fromJson accepts both snake and camelCase keys.
 * Throws ContractViolationError if the message breaks its own rules (a producer bug).
 */
export function encodeMessage<Desc extends DescMessage>(
  schema: Desc,
  init: MessageInitShape<Desc>,
): Uint8Array {
  return textEncoder.encode(JSON.stringify(toWireJson(schema, init)));
}

/**
 * Whether the protovalidate rules run. Each message is checked once, by the side that must not
 * trust it: a request by the service that receives it (so it is refused whoever sent it), a reply
 * by the service that sends it, an event on both sides. The other side passes `validate: false`
 * (issue 15: the rules ran on both ends of every RPC). Decoding still rejects invalid JSON,
 * unknown fields and wrong types.
 */
export interface CodecOptions {
  validate?: boolean;
}

/** The same validated proto3 JSON as a parsed value, for transports that serialize JSON. */
export function toWireJson<Desc extends DescMessage>(
  schema: Desc,
  init: MessageInitShape<Desc>,
  { validate = true }: CodecOptions = {},
): JsonValue {
  const message = create(schema, init);
  if (validate) assertValid(schema, message);
  return toJson(schema, message, { useProtoFieldName: true });
}

/**
 * Parses a message received from the wire: raw bytes, a JSON string, or an already
 * parsed JSON value (NestJS' NATS transport deserializes JSON before the handler runs).
 * Rejects invalid JSON, unknown fields and wrong types, then runs protovalidate.
 * Returns the "valid" type: fields with a `required` rule are non-optional.
 */
export function decodeMessage<Desc extends DescMessage>(
  schema: Desc,
  data: Uint8Array | string | JsonValue | object,
  options?: { validate?: true },
): MessageValidType<Desc>;
/** Without the protovalidate rules (see CodecOptions): the plain message type. */
export function decodeMessage<Desc extends DescMessage>(
  schema: Desc,
  data: Uint8Array | string | JsonValue | object,
  options: CodecOptions,
): MessageShape<Desc>;
export function decodeMessage<Desc extends DescMessage>(
  schema: Desc,
  data: Uint8Array | string | JsonValue | object,
  { validate = true }: CodecOptions = {},
): MessageShape<Desc> | MessageValidType<Desc> {
  const json = toJsonValue(schema, data);
  let message: MessageShape<Desc>;
  try {
    message = fromJson(schema, json, { ignoreUnknownFields: false });
  } catch (err) {
    throw new ContractViolationError(schema.typeName, [jsonErrorToViolation(err)], { cause: err });
  }
  return validate ? assertValid(schema, message) : message;
}

function assertValid<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): MessageValidType<Desc> {
  const result = validator.validate(schema, message);
  switch (result.kind) {
    case 'valid':
      return result.message;
    case 'invalid':
      throw new ContractViolationError(
        schema.typeName,
        result.violations.map((v) => ({
          field: pathToString(v.field),
          message: v.message,
          rule: v.ruleId,
        })),
        { cause: result.error },
      );
    default:
      // CompilationError/RuntimeError: the schema's rules are broken, not the message.
      throw result.error;
  }
}

function toJsonValue(
  schema: DescMessage,
  data: Uint8Array | string | JsonValue | object,
): JsonValue {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    try {
      return JSON.parse(typeof data === 'string' ? data : textDecoder.decode(data)) as JsonValue;
    } catch (err) {
      throw new ContractViolationError(
        schema.typeName,
        [{ field: '', message: `invalid JSON: ${(err as Error).message}`, rule: 'json.syntax' }],
        { cause: err },
      );
    }
  }
  return data as JsonValue;
}

function jsonErrorToViolation(err: unknown): ContractViolation {
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error ? err.cause : undefined;
  if (isFieldError(cause)) {
    const target = cause.field();
    return { field: target.name, message: cause.message, rule: 'json.type' };
  }
  const unknownKey = /key "(.*)" is unknown/.exec(message);
  if (unknownKey) {
    return { field: unknownKey[1] ?? '', message: 'unknown field', rule: 'json.unknown_field' };
  }
  return { field: '', message, rule: 'json.type' };
}
