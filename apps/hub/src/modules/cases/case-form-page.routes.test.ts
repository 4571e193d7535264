import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { clockedStore } from '../../platform/http/rate-limit.store.js';
import { FORM_TIMING, issueFormToken, memoryNonces } from './case-form-guard.js';
import { type CaseFormDeps, caseFormPageRoutes } from './case-form-page.routes.js';
import type { IntakeReport } from './cases.intake.js';

const SECRET = 'test-secret-of-the-case-form';
const ORG = { id: '00000000-0000-4000-8000-000000000001', name: 'Sở GD&ĐT Đắk Lắk' };
const START = Date.parse('2026-12-06T09:00:00Z');

interface Rig {
  app: FastifyInstance;
  submitted: IntakeReport[];
  clock: { now: number };
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function rig(extra: Partial<CaseFormDeps> = {}): Promise<Rig> {
  const clock = { now: START };
  const submitted: IntakeReport[] = [];
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(rateLimit, { global: false, store: clockedStore(() => clock.now) });
  await app.register(caseFormPageRoutes, {
    deps: {
      orgByCode: async (code) => (code === 'DL-01' ? ORG : null),
      submit: async (intake) => {
        submitted.push(intake);
        return { reference: `R-2026-${String(submitted.length).padStart(6, '0')}` };
      },
      secret: async () => SECRET,
      spendNonce: memoryNonces(() => clock.now),
      now: () => clock.now,
      perClientPerMinute: 5,
      ...extra,
    },
  });
  apps.push(app);
  return { app, submitted, clock };
}

const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const codeIn = (html: string) => /data-code="([^"]+)"/.exec(html)?.[1];

const GOOD = {
  links: 'https://www.tiktok.com/@user/video/7301?_t=ZS-8&_r=1\n\nyoutu.be/abc?si=x',
  category: 'violence',
  platform: 'tiktok',
  description: 'Hai học sinh đánh nhau trước cổng trường, video đang lan truyền',
  place: 'Buôn Ma Thuột',
  contact: '',
};

async function post(
  r: Rig,
  fields: Record<string, string>,
  opts: { ip?: string; lang?: string } = {},
) {
  return r.app.inject({
    method: 'POST',
    url: `/report/DL-01?lang=${opts.lang ?? 'vi'}`,
    remoteAddress: opts.ip ?? '203.0.113.7',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** A token as a GET hands it out, aged past the minimum a person takes. */
async function freshToken(r: Rig, lang = 'vi') {
  const res = await r.app.inject({ method: 'GET', url: `/report/DL-01?lang=${lang}` });
  r.clock.now += FORM_TIMING.minAgeMs + 1_000;
  return tokenIn(res.body);
}

describe('GET /report/:orgCode', () => {
  it.each([
    ['vi', 'Báo cáo nội dung có hại cho trẻ em', '111'],
    ['ru', 'Сообщить о вредном контенте о детях', undefined],
    ['kk', 'Балаларға зиян контент туралы хабарлау', undefined],
    ['en', 'Report harmful content about children', '02623.951.567'],
  ])('renders the form in %s', async (lang, title, hotline) => {
    const r = await rig();
    const res = await r.app.inject({ method: 'GET', url: `/report/DL-01?lang=${lang}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain(`<html lang="${lang}">`);
    expect(res.body).toContain(title);
    expect(res.body).not.toContain('type="file"');
    expect(res.body).not.toContain('<script');
    expect(res.body).toMatch(/<textarea id="f-links" name="links"/);
    expect(res.body).toContain('aria-hidden="true"><label for="f-website">');
    expect(res.body).toContain('tabindex="-1"');
    if (hotline) expect(res.body).toContain(hotline);
    expect(tokenIn(res.body)).not.toBe('');
  });

  it('answers a localized 404 page for an unknown organisation code', async () => {
    const r = await rig();
    const res = await r.app.inject({ method: 'GET', url: '/report/NOPE?lang=ru' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Форма не найдена');
  });
});

describe('POST /report/:orgCode', () => {
  it('submits an anonymous form report with canonical links and shows the reference', async () => {
    const r = await rig();
    const token = await freshToken(r);
    const res = await post(r, { ...GOOD, token, website: '' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).toContain('<strong data-reference>R-2026-000001</strong>');
    expect(r.submitted).toEqual([
      {
        report: {
          links: ['https://www.tiktok.com/@user/video/7301', 'http://youtu.be/abc'],
          category: 'violence',
          platform: 'tiktok',
          description: GOOD.description,
          language: 'vi',
          place: 'Buôn Ma Thuột',
        },
        source: 'form',
        intakeOrgId: ORG.id,
        reporter: { kind: 'anonymous' },
      },
    ]);
  });

  it('keeps a contact the reporter chose to leave', async () => {
    const r = await rig();
    const token = await freshToken(r);
    const res = await post(r, { ...GOOD, contact: 'co.giao@example.vn', token });
    expect(res.statusCode).toBe(201);
    expect(r.submitted[0]?.report.contact).toEqual({ email: 'co.giao@example.vn' });
  });

  it('re-renders the form with the input kept and each problem beside its field (vi)', async () => {
    const r = await rig();
    const token = await freshToken(r);
    const res = await post(r, {
      links: 'https://ok.example/a\njavascript:alert(1)',
      category: '',
      platform: 'myspace',
      description: '   ',
      place: 'x'.repeat(301),
      contact: 'not a contact',
      token,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-links-error">Dòng 2 không phải đường link trang web');
    expect(res.body).toContain('id="f-category-error">Hãy chọn nội dung thể hiện điều gì.');
    expect(res.body).toContain('id="f-platform-error">Hãy chọn nơi bạn thấy nội dung.');
    expect(res.body).toContain('id="f-description-error">Hãy mô tả');
    expect(res.body).toContain('id="f-place-error">Tối đa 300 ký tự.');
    expect(res.body).toContain('id="f-contact-error">Hãy nhập email');
    expect(res.body).toContain('javascript:alert(1)</textarea>');
    expect(res.body).toContain('value="not a contact"');
    expect(res.body).not.toMatch(/Invalid input|Required|expected /);
    expect(r.submitted).toEqual([]);
    // the token was not spent: fixed, the same form goes through
    const fixed = await post(r, { ...GOOD, token });
    expect(fixed.statusCode).toBe(201);
  });

  it.each([
    ['', 'ru', 'Укажите хотя бы одну ссылку'],
    ['a fight behind the school', 'ru', 'Строка 1 — не ссылка'],
    ['\n\nmailto:x@example.com', 'kk', '3-жол веб-сілтеме емес'],
    [Array.from({ length: 11 }, (_, i) => `example.com/${i}`).join('\n'), 'en', 'at most 10 links'],
  ])('refuses the links %j with a message naming the line', async (links, lang, text) => {
    const r = await rig();
    const token = await freshToken(r, lang);
    const res = await post(r, { ...GOOD, links, token }, { lang });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(text);
  });

  it('refuses a description longer than core takes', async () => {
    const r = await rig();
    const token = await freshToken(r, 'en');
    const res = await post(r, { ...GOOD, description: 'a'.repeat(4001), token }, { lang: 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Write at most 4000 characters.');
  });

  it('shows a submit refusal (a 4xx SafenetError) in the reporter’s words, never its message', async () => {
    const { SafenetError } = await import('@safenet/core');
    const r = await rig({
      submit: async () => {
        throw new SafenetError('validation_failed', 'English API message');
      },
    });
    const token = await freshToken(r);
    const res = await post(r, { ...GOOD, token });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Không thể nhận báo cáo.');
    expect(res.body).not.toContain('English API message');
  });
});

describe('the flood guard', () => {
  it.each([
    ['form_token_invalid', (t: string) => `${t}x`],
    ['form_token_invalid', () => ''],
    ['form_token_invalid', () => issueFormToken('another-key', 'DL-01', START)],
    ['form_token_invalid', () => issueFormToken(SECRET, 'OTHER-ORG', START)],
  ])('refuses %s (400, data-code)', async (code, make) => {
    const r = await rig();
    const token = await freshToken(r);
    const res = await post(r, { ...GOOD, token: make(token) });
    expect(res.statusCode).toBe(400);
    expect(codeIn(res.body)).toBe(code);
    expect(res.body).toContain('Biểu mẫu này không còn hiệu lực');
    expect(r.submitted).toEqual([]);
  });

  it('refuses a form posted sooner than a person can fill it, and takes it once old enough', async () => {
    const r = await rig();
    const got = await r.app.inject({ method: 'GET', url: '/report/DL-01?lang=vi' });
    const token = tokenIn(got.body);
    r.clock.now += FORM_TIMING.minAgeMs - 1;
    const early = await post(r, { ...GOOD, token });
    expect(early.statusCode).toBe(400);
    expect(codeIn(early.body)).toBe('form_token_early');
    r.clock.now += 1;
    expect((await post(r, { ...GOOD, token })).statusCode).toBe(201);
  });

  it('refuses a form left open longer than allowed', async () => {
    const r = await rig();
    const got = await r.app.inject({ method: 'GET', url: '/report/DL-01?lang=en' });
    r.clock.now += FORM_TIMING.maxAgeMs + 1;
    const res = await post(r, { ...GOOD, token: tokenIn(got.body) }, { lang: 'en' });
    expect(res.statusCode).toBe(400);
    expect(codeIn(res.body)).toBe('form_token_expired');
    expect(res.body).toContain('The form was open too long');
  });

  it('takes a token once: a replay is refused and nothing more is submitted', async () => {
    const r = await rig();
    const token = await freshToken(r);
    expect((await post(r, { ...GOOD, token })).statusCode).toBe(201);
    const replay = await post(r, { ...GOOD, token });
    expect(replay.statusCode).toBe(400);
    expect(codeIn(replay.body)).toBe('form_token_used');
    expect(r.submitted).toHaveLength(1);
  });

  it('two posts of one token at once: exactly one is taken', async () => {
    const r = await rig();
    const token = await freshToken(r);
    const [a, b] = await Promise.all([post(r, { ...GOOD, token }), post(r, { ...GOOD, token })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 400]);
    expect(r.submitted).toHaveLength(1);
  });

  it('refuses a filled honeypot without submitting', async () => {
    const r = await rig();
    const token = await freshToken(r);
    const res = await post(r, { ...GOOD, token, website: 'http://spam.example' });
    expect(res.statusCode).toBe(400);
    expect(codeIn(res.body)).toBe('form_honeypot');
    expect(r.submitted).toEqual([]);
  });

  it('limits posts per client: a flooding client is refused (429), another still gets through', async () => {
    const r = await rig();
    const flooder = { ip: '198.51.100.66', lang: 'ru' };
    for (let i = 0; i < 5; i++) {
      const res = await post(r, { ...GOOD, token: 'junk' }, flooder);
      expect(res.statusCode).toBe(400);
    }
    const refused = await post(r, { ...GOOD, token: 'junk' }, flooder);
    expect(refused.statusCode).toBe(429);
    expect(codeIn(refused.body)).toBe('rate_limited');
    expect(refused.body).toContain('Подождите минуту');

    const token = await freshToken(r);
    const other = await post(r, { ...GOOD, token }, { ip: '203.0.113.8' });
    expect(other.statusCode).toBe(201);

    r.clock.now += 60_000;
    const later = await post(r, { ...GOOD, token: 'junk' }, flooder);
    expect(later.statusCode).toBe(400);
  });
});
