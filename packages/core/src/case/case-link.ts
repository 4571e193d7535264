/**
 * The canonical form of a reported link, so that two reporters pasting the same content in
 * different spellings meet in one case. It follows Google Safe Browsing's published
 * canonicalisation (v4 "URLs and hashing"), plus what share buttons add: default ports and
 * tracking parameters go. Pure string work — it never resolves or fetches anything, and runs in
 * browsers and Node alike (only `TextEncoder`, `TextDecoder` and the WHATWG `URL` for IDN).
 *
 * Where it departs from Safe Browsing, and why:
 * - a non-default port is kept (Safe Browsing drops every port; another port is another server);
 * - the host must look like a host on the internet (letters, digits, `-`, `_`, a dot, or an IP
 *   address): a reporter who types words into the links box is told so, where Safe Browsing
 *   would escape them into a host such as `%20leadingspace.com`;
 * - `user:password@` is dropped (credentials are not the content, and may identify someone);
 * - a `?` decoded inside the path is kept escaped (`%3F`), so the result reads back the same.
 */

/** Why a link was refused. */
export type CanonicalLinkError = 'not_a_url' | 'unsupported_scheme';

export type CanonicalLink =
  | { ok: true; url: string }
  | { ok: false; code: CanonicalLinkError; message: string };

/**
 * Query parameters that only say who shared a link, from where or with which app, stripped
 * from every reported link. A name ending in `*` is a prefix. `everywhere` applies to all hosts;
 * `byHost` only to that domain and its subdomains (`t`, for instance, is a timestamp on YouTube
 * but a share token on X, so names are scoped where they mean different things).
 */
export const TRACKING_PARAMETERS = {
  everywhere: [
    'utm_*', // Google Analytics campaign tags, added by most share buttons (VK, Instagram…)
    'fbclid', // Facebook click id
    'gclid', // Google Ads click id
    'dclid',
    'gbraid',
    'wbraid',
    'msclkid', // Microsoft Ads
    'yclid', // Yandex Direct click id
    'ysclid', // Yandex search click id
    'mc_cid', // Mailchimp campaign
    'mc_eid', // Mailchimp recipient
    'igshid', // Instagram share id (older)
    'igsh', // Instagram share id
    'mibextid', // Facebook mobile share
    '_hsenc', // HubSpot
    '_hsmi',
    'ref_src', // X/Twitter embeds
  ],
  byHost: {
    'tiktok.com': ['_t', '_r', 'is_from_webapp', 'sender_device', 'sender_web_id', 'web_id'],
    'youtube.com': ['si', 'feature', 'pp'],
    'youtu.be': ['si', 'feature'],
    'spotify.com': ['si'],
    'instagram.com': ['igsh', 'igshid'],
    'facebook.com': ['mibextid', 'rdid', 'share_url', '__cft__*', '__tn__'],
    'x.com': ['s', 't', 'ref_src', 'ref_url'],
    'twitter.com': ['s', 't', 'ref_src', 'ref_url'],
  },
} as const satisfies { everywhere: readonly string[]; byHost: Record<string, readonly string[]> };

/** Longer than this is not a link anyone pasted (the report schema takes 2,048). */
const MAX_RAW_LENGTH = 8192;

type Refusal = Extract<CanonicalLink, { ok: false }>;

const refuse = (code: CanonicalLinkError, message: string): Refusal => ({
  ok: false,
  code,
  message,
});

/**
 * Canonicalises one reported link, or says why it is not one.
 *
 * @example
 * canonicaliseLink('TikTok.com/@user/video/7301?_t=8k&_r=1#top')
 * // { ok: true, url: 'http://tiktok.com/@user/video/7301' }
 */
export function canonicaliseLink(raw: string): CanonicalLink {
  if (raw.length > MAX_RAW_LENGTH) {
    return refuse('not_a_url', `a link is at most ${MAX_RAW_LENGTH} characters`);
  }
  let rest = raw.replace(/[\t\r\n]/g, '').trim();
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  if (rest === '') return refuse('not_a_url', 'the link is empty: paste the address of the page');

  const scheme = splitScheme(rest);
  if (!scheme.ok) return scheme;
  rest = scheme.rest;

  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  rest = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const queryAt = rest.indexOf('?');
  const rawPath = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? undefined : rest.slice(queryAt + 1);

  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const portMatch = /:(\d*)$/.exec(hostPort);
  const rawHost = portMatch ? hostPort.slice(0, portMatch.index) : hostPort;
  const host = canonicalHost(rawHost);
  if (!host.ok) return host;

  let port = '';
  if (portMatch?.[1]) {
    const n = Number(portMatch[1]);
    if (n > 65535) return refuse('not_a_url', `the port ${portMatch[1]} does not exist`);
    const defaultPort = scheme.scheme === 'http' ? 80 : 443;
    if (n !== defaultPort) port = `:${n}`;
  }

  const path = canonicalPath(rawPath);
  const query = rawQuery === undefined ? undefined : canonicalQuery(rawQuery, host.url);
  const search = query === undefined ? '' : `?${query}`;
  return { ok: true, url: `${scheme.scheme}://${host.url}${port}${path}${search}` };
}

/** The scheme (`http` when none was pasted) and what follows its `//`. */
function splitScheme(s: string): { ok: true; scheme: 'http' | 'https'; rest: string } | Refusal {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(s);
  const name = m?.[1]?.toLowerCase();
  const after = m?.[2] ?? '';
  if (name === 'http' || name === 'https') {
    return { ok: true, scheme: name, rest: after.replace(/^\/+/, '') };
  }
  // `tiktok.com:443/x` is a host and a port, not a scheme; `mailto:x` and `ftp://x` are schemes.
  if (m && !/^\d+(?:[/?]|$)/.test(after)) {
    return refuse('unsupported_scheme', `only web links (http or https) are taken, not ${name}:`);
  }
  return { ok: true, scheme: 'http', rest: s.replace(/^\/+/, '') };
}

function canonicalHost(raw: string): CanonicalLink {
  let host = textOf(unescapeFully(bytesOf(raw)));
  if (host === undefined) return refuse('not_a_url', 'the site’s name is not readable text');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is exactly what is tested
  if (/[^\x00-\x7f]/.test(host)) {
    // An internationalised name (кто.рф, ví-dụ.vn): the WHATWG URL applies IDNA (punycode).
    try {
      host = new URL(`http://${host}/`).hostname;
    } catch {
      return refuse('not_a_url', 'the site’s name is not a valid internet name');
    }
  }
  host = host
    .replace(/\.{2,}/g, '.')
    .replace(/^\.+|\.+$/g, '')
    .toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) {
    try {
      return { ok: true, url: new URL(`http://${host}/`).hostname };
    } catch {
      return refuse('not_a_url', 'the IPv6 address is not valid');
    }
  }
  const labels = host.split('.');
  if (labels.every((l) => /^(?:0x[0-9a-f]*|\d+)$/.test(l))) {
    const ip = ipv4(labels);
    return ip === undefined
      ? refuse('not_a_url', 'the IP address is not valid')
      : { ok: true, url: ip };
  }
  if (!/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$/.test(host) || /^\d+$/.test(labels.at(-1) ?? '')) {
    return refuse('not_a_url', 'this is not a web address (like example.com/page)');
  }
  return { ok: true, url: host };
}

/** Any legal IPv4 spelling (decimal, hex, octal, fewer than four parts) as a dotted quad. */
function ipv4(parts: string[]): string | undefined {
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const p of parts) {
    const v = /^0x/.test(p)
      ? p.length === 2
        ? 0
        : Number.parseInt(p.slice(2), 16)
      : p.length > 1 && p.startsWith('0')
        ? /^[0-7]+$/.test(p)
          ? Number.parseInt(p, 8)
          : Number.NaN
        : Number(p);
    if (!Number.isFinite(v)) return undefined;
    values.push(v);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return undefined;
  let n = last;
  values.forEach((v, i) => {
    n += v * 256 ** (3 - i);
  });
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Unescaped, `/./` and `/../` resolved, `//` collapsed, re-escaped. */
function canonicalPath(raw: string): string {
  const path = latin1Of(unescapeFully(bytesOf(raw)));
  const out: string[] = [];
  const segments = path.split('/').slice(1);
  segments.forEach((seg, i) => {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
    if (i === segments.length - 1 && (seg === '..' || seg === '.' || seg === '') && out.length) {
      out.push('');
    }
  });
  return escapeBytes(`/${out.join('/')}`, '?');
}

/** Unescaped and re-escaped like the path; then the tracking parameters leave, order kept. */
function canonicalQuery(raw: string, host: string): string | undefined {
  const query = escapeBytes(latin1Of(unescapeFully(bytesOf(raw))), '');
  if (query === '') return '';
  const kept = query.split('&').filter((param) => !isTracking(param.split('=')[0] ?? '', host));
  return kept.length === 0 ? undefined : kept.join('&');
}

function isTracking(name: string, host: string): boolean {
  const key = name.toLowerCase();
  const matches = (p: string) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1)) : key === p);
  if (TRACKING_PARAMETERS.everywhere.some(matches)) return true;
  return Object.entries(TRACKING_PARAMETERS.byHost).some(
    ([domain, names]) =>
      (host === domain || host.endsWith(`.${domain}`)) && names.some((n) => matches(n)),
  );
}

const encoder = new TextEncoder();
const bytesOf = (s: string): Uint8Array => encoder.encode(s);

/** Decodes `%XX` until none is left (`%2525` → `%25` → `%`), as Safe Browsing asks. */
function unescapeFully(bytes: Uint8Array): Uint8Array {
  let current = bytes;
  for (;;) {
    const next: number[] = [];
    let changed = false;
    for (let i = 0; i < current.length; i++) {
      const b = current[i] as number;
      const hi = hexValue(current[i + 1]);
      const lo = hexValue(current[i + 2]);
      if (b === 0x25 && hi !== undefined && lo !== undefined) {
        next.push(hi * 16 + lo);
        i += 2;
        changed = true;
      } else next.push(b);
    }
    if (!changed) return current;
    current = Uint8Array.from(next);
  }
}

function hexValue(b: number | undefined): number | undefined {
  if (b === undefined) return undefined;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return undefined;
}

/** Bytes as UTF-8 text, or undefined when they are not UTF-8 (a host must be text). */
function textOf(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** One character per byte, so escaping works on the bytes whatever their encoding. */
const latin1Of = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

/** Escapes bytes ≤ 0x20, ≥ 0x7f, `#`, `%` (Safe Browsing) and `extra`, upper-case hex. */
function escapeBytes(latin1: string, extra: string): string {
  let out = '';
  for (const ch of latin1) {
    const c = ch.charCodeAt(0);
    out +=
      c <= 0x20 || c >= 0x7f || ch === '#' || ch === '%' || extra.includes(ch)
        ? `%${c.toString(16).toUpperCase().padStart(2, '0')}`
        : ch;
  }
  return out;
}
