import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { tracesSampler } from './start-telemetry';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const parent = (flags: TraceFlags) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: '00f067aa0ba902b7',
    traceFlags: flags,
  });
const decide = (ratio: number, ctx = ROOT_CONTEXT) =>
  tracesSampler(ratio).shouldSample(ctx, TRACE_ID, 'span', SpanKind.SERVER, {}, []).decision;

describe('tracesSampler (TRACES_SAMPLE_RATIO, parent-based)', () => {
  it('records root spans by the ratio', () => {
    expect(decide(1)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(0)).toBe(SamplingDecision.NOT_RECORD);
  });

  it("follows the parent's decision whatever the ratio", () => {
    expect(decide(0, parent(TraceFlags.SAMPLED))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(1, parent(TraceFlags.NONE))).toBe(SamplingDecision.NOT_RECORD);
  });
});
