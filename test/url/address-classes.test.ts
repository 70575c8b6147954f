import { describe, expect, it } from 'vitest';
import { classifyAddress, isAppleAddress } from '../../src/url/address-classes.js';

describe('address classes', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['192.0.2.10', 'documentation'],
    ['203.0.113.7', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['2001:db8::1', 'documentation'],
    ['64:ff9b::1.2.3.4', 'nat64'],
    ['::ffff:10.1.2.3', 'private'],
  ])('%s is %s', (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it.each(['8.8.8.8', '17.253.144.10', '1.1.1.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public (the ::ffff:0:0/96 trap is avoided)',
    (ip) => {
      expect(classifyAddress(ip)).toBeUndefined();
    },
  );

  it('knows 17.0.0.0/8', () => {
    expect(isAppleAddress('17.0.0.1')).toBe(true);
    expect(isAppleAddress('17.255.255.255')).toBe(true);
    expect(isAppleAddress('18.0.0.1')).toBe(false);
    expect(isAppleAddress('16.255.255.255')).toBe(false);
    expect(isAppleAddress('not-an-ip')).toBe(false);
  });
});
