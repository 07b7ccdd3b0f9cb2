import { create, toJsonString, type MessageInitShape } from '@bufbuild/protobuf';
import { decodeMessage } from './codec';
import { LiveLogChunkSchema, type LiveLogChunk } from './gen/strata/cluster/v1/run_logs_pb';

/**
 * A message of `cluster.run.log.<runId>`: the proto3 JSON of LiveLogChunk with camelCase names
 * (the same JSON the SSE `log` event carries), the offset written even when it is 0.
 */
export function encodeLiveLogChunk(init: MessageInitShape<typeof LiveLogChunkSchema>): string {
  return toJsonString(LiveLogChunkSchema, create(LiveLogChunkSchema, init), {
    alwaysEmitImplicit: true,
  });
}

/** Reads a message of `cluster.run.log.<runId>` (ContractViolationError when it is not one). */
export function decodeLiveLogChunk(data: Uint8Array | string): LiveLogChunk {
  return decodeMessage(LiveLogChunkSchema, data);
}
