import {
  CONTRACT_OUTPUTS,
  TERMINATION_MESSAGE_LIMIT,
  flattenOutputs,
  outputsTooLarge,
  terminationText,
} from './termination';

const all = Object.fromEntries(
  CONTRACT_OUTPUTS.map((name) => [
    name,
    { sensitive: false, type: 'string', value: `${name}-value` },
  ]),
);

describe('flattenOutputs', () => {
  it('flattens tofu output -json to name: value', () => {
    const result = flattenOutputs(JSON.stringify(all));
    expect(result).toEqual({
      ok: true,
      outputs: Object.fromEntries(CONTRACT_OUTPUTS.map((n) => [n, `${n}-value`])),
    });
  });

  it('refuses sensitive and nested outputs, and a missing contract output', () => {
    expect(
      flattenOutputs(JSON.stringify({ ...all, token: { sensitive: true, value: 'x' } })),
    ).toEqual({
      ok: false,
      error:
        'output token is sensitive: a provisioner module must not output secrets, so it is refused',
    });
    expect(
      flattenOutputs(JSON.stringify({ ...all, list: { sensitive: false, value: ['a'] } })),
    ).toEqual({
      ok: false,
      error: 'output list is not a string, number or boolean',
    });
    const { endpoint: _endpoint, version: _version, ...rest } = all;
    expect(flattenOutputs(JSON.stringify(rest))).toEqual({
      ok: false,
      error: 'the module did not output endpoint, version',
    });
    expect(flattenOutputs('not json')).toEqual({
      ok: false,
      error: 'tofu output -json did not print JSON',
    });
  });
});

describe('terminationText', () => {
  it('says when outputs are too large, and keeps an over-long error within the limit as text', () => {
    const outputs = { caCertificate: 'A'.repeat(TERMINATION_MESSAGE_LIMIT) };
    expect(outputsTooLarge(outputs)).toMatch(/^the outputs take 4\d{3} bytes/);
    expect(outputsTooLarge({ endpoint: 'https://x' })).toBeUndefined();
    const text = terminationText({ outputs });
    expect(JSON.parse(text)).toEqual({ outputs: {}, error: outputsTooLarge(outputs) });
    const long = terminationText({ outputs: {}, error: 'é'.repeat(5000) });
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(TERMINATION_MESSAGE_LIMIT);
    expect(JSON.parse(long).error).toMatch(/^é+…$/);
  });
});
