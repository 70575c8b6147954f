// URL rules, without any server.
import { describe, expect, it } from 'vitest';
import { checkUrlRules } from '../../src/url/rules.js';

function ids(input: string, allowPrivate = false): Record<string, string> {
  const r = checkUrlRules(input, { allowPrivate });
  return Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
}

describe('URL rules', () => {
  it.each([
    ['https://hooks.example.com/asn', 'url.port', 'pass'],
    ['https://hooks.example.com:443/asn', 'url.port', 'pass'],
    ['https://hooks.example.com:80/asn', 'url.port.not-allowed', 'fail'],
    ['https://hooks.example.com:444/asn', 'url.port.not-allowed', 'fail'],
    ['https://hooks.example.com:1023/asn', 'url.port.not-allowed', 'fail'],
    ['https://hooks.example.com:1024/asn', 'url.port', 'pass'],
    ['https://hooks.example.com:8443/asn', 'url.port', 'pass'],
  ])('%s → %s %s', (input, id, status) => {
    expect(ids(input)[id]).toBe(status);
  });

  it('drops the default port in the normalised URL', () => {
    const r = checkUrlRules('https://hooks.example.com:443/asn');
    expect(r.target?.normalizedUrl).toBe('https://hooks.example.com/asn');
    expect(r.target?.port).toBe(443);
    expect(r.checks.find((c) => c.id === 'url.normalized')?.title).toContain('https://hooks.example.com/asn');
  });

  it('http is a failure and stops the network stages', () => {
    const r = checkUrlRules('http://hooks.example.com/asn');
    expect(r.checks.find((c) => c.id === 'url.scheme.http')?.status).toBe('fail');
    expect(r.canContinue).toBe(false);
  });

  it('an unparseable URL is one failing check', () => {
    const r = checkUrlRules('not a url');
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([['url.parse', 'fail']]);
    expect(r.target).toBeUndefined();
  });

  it('IPv6 literal: a warning, host without brackets, no special-name check', () => {
    const r = checkUrlRules('https://[2001:db8::1]:8443/asn');
    expect(r.target).toMatchObject({ host: '2001:db8::1', port: 8443, ipLiteral: 6 });
    expect(r.checks.find((c) => c.id === 'url.ip-literal')?.status).toBe('warn');
  });

  it('numeric hosts are normalised like every HTTP client does', () => {
    const r = checkUrlRules('https://2130706433/asn');
    expect(r.target).toMatchObject({ host: '127.0.0.1', ipLiteral: 4 });
  });

  it('IDN → punycode, printed', () => {
    const r = checkUrlRules('https://bücher.de/asn');
    expect(r.target?.host).toBe('xn--bcher-kva.de');
    expect(r.target?.normalizedUrl).toBe('https://xn--bcher-kva.de/asn');
    expect(r.checks.find((c) => c.id === 'url.idn')?.title).toContain('xn--bcher-kva.de');
  });

  it('credentials fail, a fragment warns, a query is information', () => {
    const got = ids('https://user:pw@hooks.example.com/asn?x=1#top');
    expect(got).toMatchObject({ 'url.credentials': 'fail', 'url.fragment': 'warn', 'url.query': 'info' });
  });

  it.each(['localhost', 'api.localhost', 'notify.example.test', 'box.local', 'svc.internal', 'router.home.arpa', 'intranet'])(
    'special-use name %s fails, and only warns with --allow-private',
    (host) => {
      expect(ids(`https://${host}/asn`)['url.special-name']).toBe('fail');
      expect(ids(`https://${host}/asn`, true)['url.special-name']).toBe('warn');
    },
  );

  it('a public name passes', () => {
    expect(ids('https://hooks.example.com/asn')['url.host']).toBe('pass');
  });
});
