import { appOutputs } from './app-runs.kind';

describe('app run outputs', () => {
  it('takes the primary URL, the URL list (comma-separated) and the versions', () => {
    expect(
      appOutputs({
        url: 'https://hub.example/',
        urls: 'https://hub.example/, http://hub.ns.svc:80/',
        appVersion: '5.3.0',
        chartVersion: '4.2.0',
      }),
    ).toEqual({
      url: 'https://hub.example/',
      urls: ['https://hub.example/', 'http://hub.ns.svc:80/'],
      appVersion: '5.3.0',
      chartVersion: '4.2.0',
    });
  });

  it('falls back to url for the list and ignores empty or non-string values', () => {
    expect(appOutputs({ url: 'https://a.example/', urls: '', appVersion: 3 })).toEqual({
      url: 'https://a.example/',
      urls: ['https://a.example/'],
      appVersion: undefined,
      chartVersion: undefined,
    });
    expect(appOutputs(undefined)).toEqual({
      url: undefined,
      urls: [],
      appVersion: undefined,
      chartVersion: undefined,
    });
  });
});
