/** One reason a message does not satisfy its contract. */
export interface ContractViolation {
  /** Field path in proto field names, e.g. `password` or `sessions[0].id`; `''` for the whole message. */
  field: string;
  /** Human-readable reason, e.g. `must be at least 8 characters`. */
  message: string;
  /** protovalidate rule id (e.g. `string.min_len`) or a decode error kind (`json.unknown_field`, ...). */
  rule?: string;
}

/**
 * Thrown by encodeMessage/decodeMessage when a message is malformed (bad JSON, unknown
 * field, wrong type) or breaks its protovalidate rules.
 */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';

  constructor(
    /** Fully-qualified protobuf type, e.g. `strata.auth.v1.RegisterRequest`. */
    readonly typeName: string,
    readonly violations: ContractViolation[],
    options?: { cause?: unknown },
  ) {
    super(
      `${typeName} violates its contract: ` +
        violations.map((v) => (v.field ? `${v.field}: ${v.message}` : v.message)).join('; '),
      options,
    );
  }
}

export function isContractViolationError(err: unknown): err is ContractViolationError {
  return err instanceof ContractViolationError;
}
