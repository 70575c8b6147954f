import { describe, expect, it } from 'vitest';
import { classifyAddress, classifyAddressDetailed, isAppleAddress, isHardUnreachable } from '../../src/url/address-classes.js';

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

  // Issue 10, point 9: IPv6 forms that lead somewhere else are classified by where they lead.
  it.each([
    ['::127.0.0.1', 'loopback', '127.0.0.1'],
    ['::a00:1', 'private', '10.0.0.1'],
    ['::8.8.8.8', 'ipv4-compatible', '8.8.8.8'],
    ['::ffff:0:7f00:1', 'loopback', '127.0.0.1'],
    ['::ffff:0:808:808', 'ipv4-translated', '8.8.8.8'],
    ['64:ff9b::7f00:1', 'loopback', '127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'link-local', '169.254.169.254'],
    ['64:ff9b::808:808', 'nat64', '8.8.8.8'],
    ['64:ff9b:1::a00:1', 'private', '10.0.0.1'],
    ['64:ff9b:1::808:808', 'nat64-local', '8.8.8.8'],
    ['2002:7f00:1::1', 'loopback', '127.0.0.1'],
    ['2002:a9fe:a9fe::1', 'link-local', '169.254.169.254'],
    ['2002:808:808::1', '6to4', '8.8.8.8'],
  ])('%s is %s (it leads to %s)', (ip, cls, embeds) => {
    expect(classifyAddressDetailed(ip)).toEqual({ class: cls, embeds });
  });

  it('fec0::/10 is site-local; :: and ::1 keep their own classes inside ::/96', () => {
    expect(classifyAddress('fec0::1')).toBe('site-local');
    expect(classifyAddress('feff::1')).toBe('site-local');
    expect(classifyAddress('::')).toBe('unspecified');
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('::ffff:127.0.0.1')).toBe('loopback');
  });

  it('only NAT64 and 6to4 of a public address stay reachable (through a translator or relay)', () => {
    const soft = ['nat64', '6to4'];
    for (const ip of ['64:ff9b::808:808', '2002:808:808::1', '64:ff9b:1::808:808', '::8.8.8.8', '::ffff:0:808:808', 'fec0::1', '64:ff9b::7f00:1']) {
      const cls = classifyAddress(ip)!;
      expect(isHardUnreachable(cls), ip).toBe(!soft.includes(cls));
    }
  });

  it('knows 17.0.0.0/8', () => {
    expect(isAppleAddress('17.0.0.1')).toBe(true);
    expect(isAppleAddress('17.255.255.255')).toBe(true);
    expect(isAppleAddress('18.0.0.1')).toBe(false);
    expect(isAppleAddress('16.255.255.255')).toBe(false);
    expect(isAppleAddress('not-an-ip')).toBe(false);
  });
});
