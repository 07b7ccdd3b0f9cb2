import {
  lastProgress,
  parseProgressLine,
  parseTerminationMessage,
  tailLines,
} from './job-contract';

describe('job contract', () => {
  it('parses progress lines', () => {
    expect(parseProgressLine('::strata-progress step=network percent=20')).toEqual({
      step: 'network',
      percent: 20,
    });
    expect(parseProgressLine('  ::strata-progress step=node-pool.v2 percent=100  ')).toEqual({
      step: 'node-pool.v2',
      percent: 100,
    });
  });

  it('ignores lines that are not progress lines', () => {
    expect(parseProgressLine('::strata-progress step=x percent=101')).toBeNull();
    expect(parseProgressLine('::strata-progress step=a b percent=1')).toBeNull();
    expect(parseProgressLine('echo ::strata-progress step=x percent=1')).toBeNull();
    expect(parseProgressLine('terraform apply')).toBeNull();
  });

  it('keeps the last progress of a chunk', () => {
    expect(
      lastProgress(
        '::strata-progress step=a percent=1\nlog\n::strata-progress step=b percent=50\nmore',
      ),
    ).toEqual({ step: 'b', percent: 50 });
    expect(lastProgress('nothing')).toBeNull();
  });

  it('parses the termination message outputs and error', () => {
    expect(
      parseTerminationMessage(
        '{"outputs":{"endpoint":"https://k8s.example","version":"1.33","nodes":3,"private":true}}',
      ),
    ).toEqual({
      outputs: { endpoint: 'https://k8s.example', version: '1.33', nodes: 3, private: true },
    });
    expect(parseTerminationMessage('{"outputs":{},"error":"quota exceeded"}')).toEqual({
      outputs: {},
      error: 'quota exceeded',
    });
  });

  it('survives a bad termination message', () => {
    expect(parseTerminationMessage('')).toMatchObject({ outputs: {}, problem: expect.any(String) });
    expect(parseTerminationMessage('not json').problem).toMatch(/not JSON/);
    expect(parseTerminationMessage('[1]').problem).toMatch(/not a JSON object/);
    expect(parseTerminationMessage('{"outputs":{"a":{"b":1},"ok":"y"}}')).toEqual({
      outputs: { ok: 'y' },
      problem: 'output a is not a string, number or boolean',
    });
  });

  it('keeps a tail of the log', () => {
    const log = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n';
    expect(tailLines(log, 3)).toBe('line 27\nline 28\nline 29');
  });
});
