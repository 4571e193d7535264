import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicaliseLink } from './case-link.js';

const canon = (raw: string) => {
  const r = canonicaliseLink(raw);
  return r.ok ? r.url : `refused:${r.code}`;
};

describe('canonicaliseLink: Safe Browsing v4 published vectors', () => {
  // developers.google.com/safe-browsing/v4/urls-hashing, "Canonicalization": every vector whose
  // host is a host. Three are refused on purpose (see below) and one keeps its port.
  const vectors: [string, string][] = [
    ['http://host/%25%32%35', 'http://host/%25'],
    ['http://host/%25%32%35%25%32%35', 'http://host/%25%25'],
    ['http://host/%2525252525252525', 'http://host/%25'],
    ['http://host/asdf%25%32%35asd', 'http://host/asdf%25asd'],
    ['http://host/%%%25%32%35asd%%', 'http://host/%25%25%25asd%25%25'],
    ['http://www.google.com/', 'http://www.google.com/'],
    [
      'http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/',
      'http://168.188.99.26/.secure/www.ebay.com/',
    ],
    [
      'http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/',
      'http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/',
    ],
    ['http://3279880203/blah', 'http://195.127.0.11/blah'],
    ['http://www.google.com/blah/..', 'http://www.google.com/'],
    ['www.google.com/', 'http://www.google.com/'],
    ['www.google.com', 'http://www.google.com/'],
    ['http://www.evil.com/blah#frag', 'http://www.evil.com/blah'],
    ['http://www.GOOgle.com/', 'http://www.google.com/'],
    ['http://www.google.com.../', 'http://www.google.com/'],
    ['http://www.google.com/foo\tbar\rbaz\n2', 'http://www.google.com/foobarbaz2'],
    ['http://www.google.com/q?', 'http://www.google.com/q?'],
    ['http://www.google.com/q?r?', 'http://www.google.com/q?r?'],
    ['http://www.google.com/q?r?s', 'http://www.google.com/q?r?s'],
    ['http://evil.com/foo#bar#baz', 'http://evil.com/foo'],
    ['http://evil.com/foo;', 'http://evil.com/foo;'],
    ['http://evil.com/foo?bar;', 'http://evil.com/foo?bar;'],
    ['http://notrailingslash.com', 'http://notrailingslash.com/'],
    ['  http://www.google.com/  ', 'http://www.google.com/'],
    ['https://www.securesite.com/', 'https://www.securesite.com/'],
    ['http://host.com/ab%23cd', 'http://host.com/ab%23cd'],
    ['http://host.com//twoslashes?more//slashes', 'http://host.com/twoslashes?more//slashes'],
  ];
  // `host` alone is not an internet name: the vectors above use it for path rules only.
  const withHost = (v: string) => v.replaceAll('http://host/', 'http://host.example/');

  it.each(vectors)('%s → %s', (raw, expected) => {
    expect(canon(withHost(raw))).toBe(withHost(expected));
  });

  it('the path rule of the host%23 vector holds on an ordinary host', () => {
    expect(
      canon(
        'http://host.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B',
      ),
    ).toBe('http://host.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+');
  });

  it('keeps a non-default port (Safe Browsing drops it; another port is another server)', () => {
    expect(canon('http://www.gotaport.com:1234/')).toBe('http://www.gotaport.com:1234/');
  });

  it.each([
    'http://host%23.com/x',
    'http:// leadingspace.com/',
    'http://%20leadingspace.com/',
    '%20leadingspace.com/',
    'http://\x01\x80.com/',
  ])('refuses %j: its host is not an internet name', (raw) => {
    expect(canon(raw)).toBe('refused:not_a_url');
  });
});

describe('canonicaliseLink: what the issue adds', () => {
  it.each([
    ['HTTPS://Example.COM:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:80/a', 'https://example.com:80/a'],
    ['t.me/some_channel/123', 'http://t.me/some_channel/123'],
    ['//example.com/x', 'http://example.com/x'],
    ['http://user:secret@example.com/x', 'http://example.com/x'],
    ['http://0x7f.1/', 'http://127.0.0.1/'],
    ['http://0300.0250.1.1/', 'http://192.168.1.1/'],
    ['http://кто.рф/путь', 'http://xn--j1ail.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C'],
    ['http://example.com/a%3Fb', 'http://example.com/a%3Fb'],
    ['http://example.com/./a/../b/', 'http://example.com/b/'],
  ])('%s → %s', (raw, expected) => {
    expect(canon(raw)).toBe(expected);
  });

  it.each([
    // TikTok's share button (app and web)
    [
      'https://www.tiktok.com/@user.name/video/7301234567890123456?_t=ZS-8rXy&_r=1',
      'https://www.tiktok.com/@user.name/video/7301234567890123456',
    ],
    [
      'https://www.tiktok.com/@user/video/7301?is_from_webapp=1&sender_device=pc&web_id=7300',
      'https://www.tiktok.com/@user/video/7301',
    ],
    ['https://vm.tiktok.com/ZMabcdef/', 'https://vm.tiktok.com/ZMabcdef/'],
    // Instagram
    [
      'https://www.instagram.com/reel/C1a2B3c4D5e/?igsh=MWx0bXo2dnQ3',
      'https://www.instagram.com/reel/C1a2B3c4D5e/',
    ],
    [
      'https://www.instagram.com/p/C1a2B3/?utm_source=ig_web_copy_link&igshid=ZDdkNTZiNTM=',
      'https://www.instagram.com/p/C1a2B3/',
    ],
    // YouTube: the share id goes, the video id and the start time stay
    [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=AbCdEf123&t=42',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42',
    ],
    ['https://youtu.be/dQw4w9WgXcQ?si=AbCdEf123', 'https://youtu.be/dQw4w9WgXcQ'],
    ['https://youtube.com/shorts/abc123?feature=share', 'https://youtube.com/shorts/abc123'],
    // Telegram: nothing to strip but campaign tags; `single` selects one album item
    ['https://t.me/channel_name/1234?single', 'https://t.me/channel_name/1234?single'],
    ['https://t.me/channel_name/1234?utm_source=share', 'https://t.me/channel_name/1234'],
    // VK: campaign tags go, `list` (the key of a private video) stays
    [
      'https://vk.com/video-12345_67890?list=ln-AbC123&utm_source=vk&utm_medium=share',
      'https://vk.com/video-12345_67890?list=ln-AbC123',
    ],
    // Facebook
    [
      'https://www.facebook.com/share/v/1AbCdEf/?mibextid=WC7FNe',
      'https://www.facebook.com/share/v/1AbCdEf/',
    ],
    [
      'https://m.facebook.com/story.php?story_fbid=123&id=456&fbclid=IwAR0abc',
      'https://m.facebook.com/story.php?story_fbid=123&id=456',
    ],
    // a `t` elsewhere than X is not a share token
    ['https://x.com/user/status/1?s=46&t=AbC', 'https://x.com/user/status/1'],
    ['https://example.com/a?t=AbC&si=1', 'https://example.com/a?t=AbC&si=1'],
    // order is significant and kept
    ['https://example.com/s?b=2&utm_x=1&a=1', 'https://example.com/s?b=2&a=1'],
  ])('strips tracking: %s', (raw, expected) => {
    expect(canon(raw)).toBe(expected);
  });

  it.each([
    ['javascript:alert(1)', 'unsupported_scheme'],
    ['data:text/html,<b>x</b>', 'unsupported_scheme'],
    ['mailto:someone@example.com', 'unsupported_scheme'],
    ['ftp://example.com/file', 'unsupported_scheme'],
    ['', 'not_a_url'],
    ['   ', 'not_a_url'],
    ['a fight behind the school', 'not_a_url'],
    ['localhost/x', 'not_a_url'],
    ['http://', 'not_a_url'],
    ['http://1.2.3.4.5/', 'not_a_url'],
    ['http://256.1.1.1/', 'not_a_url'],
    ['http://example.com:99999/', 'not_a_url'],
    [`http://example.com/${'a'.repeat(9000)}`, 'not_a_url'],
  ])('refuses %j (%s)', (raw, code) => {
    const r = canonicaliseLink(raw);
    expect(r).toMatchObject({ ok: false, code });
    expect(r.ok ? '' : r.message).not.toBe('');
  });

  it('a host and port without a scheme is not mistaken for a scheme', () => {
    expect(canon('example.com:8080/x')).toBe('http://example.com:8080/x');
  });

  it('is idempotent: canonicalising a canonical link changes nothing', () => {
    const anyLink = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc
        .tuple(
          fc.constantFrom('', 'http://', 'HTTPS://', '//'),
          fc.constantFrom('example.com', 'WWW.Tiktok.com.', '0x7f.1', 'кто.рф', '3279880203'),
          fc.string({ unit: 'binary', maxLength: 40 }),
        )
        .map(([s, h, rest]) => `${s}${h}/${rest}`),
    );
    fc.assert(
      fc.property(anyLink, (raw) => {
        const first = canonicaliseLink(raw);
        if (!first.ok) return;
        expect(canonicaliseLink(first.url)).toEqual(first);
      }),
      { numRuns: 2000 },
    );
  });
});
