import type {
  Channel,
  Consents,
  Language,
  OrganisationKind,
  RecommendationTopic,
  Role,
  UserRole,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { BY_SYSTEM, mergeConsents } from '../modules/consent/index.js';
import type { Db, Tx } from '../modules/database.js';
import {
  insertApiKey,
  insertOrganisation,
  type ParentOrganisation,
} from '../modules/organisations/index.js';
import { insertDemoUser } from '../modules/people/index.js';
import { share } from '../platform/database/schema.js';
import { mulberry32 } from './random.js';

/** What the demo seed created, for printing and for tests. */
export interface DemoSeed {
  ministryId: string;
  provinceIds: [string, string];
  districtId: string;
  schoolIds: [string, string];
  associationId: string;
  contactCount: number;
  recommendationIds: string[];
  segmentIds: { allParents: string; kazakhAndRussianParents: string; vietnameseParents: string };
  campaignId: string;
  /** People who sign in to the console, one per role, all with {@link DemoSeed.demoPassword}. */
  users: DemoUserSeed[];
  /** The demo people's password: random per demo database, printed in demo mode only. */
  demoPassword: string;
}

/** A demo person: who signs in, where, with which role. */
export interface DemoUserSeed {
  id: string;
  email: string;
  orgId: string;
  role: UserRole;
}

/** How the demo's people get their password. */
export interface DemoPeople {
  /** The one password of every demo person. */
  password: string;
  /** Hashes it (with a salt of its own each time), as the people module stores passwords. */
  hash(password: string): Promise<string>;
}

const CONSENT_SOURCE = 'demo data: parent meeting sign-up form';
const CONSENT_AT = '2017-04-03T10:00:00+06:00';

const MEMOS: {
  topic: RecommendationTopic;
  title: Record<Language, string>;
  body: Record<Language, string>;
}[] = [
  {
    topic: 'online-safety',
    title: {
      ru: 'Как оставаться в безопасности в Интернете',
      kk: 'Интернетте қалай қауіпсіз болуға болады',
      vi: 'Cách giữ an toàn trên Internet',
      en: 'How to stay safe on the Internet',
    },
    body: {
      ru: 'Поговорите с ребёнком о том, что он делает в сети. Включите родительский контроль и договоритесь о правилах. Телефон доверия: {{hotline}}.',
      kk: 'Балаңызбен желіде не істейтіні туралы сөйлесіңіз. Ата-ана бақылауын қосып, ережелер туралы келісіңіз. Сенім телефоны: {{hotline}}.',
      vi: 'Hãy trò chuyện với con về những gì con làm trên mạng. Bật chế độ kiểm soát của cha mẹ và thống nhất các quy tắc. Đường dây nóng: {{hotline}}.',
      en: 'Talk with your child about what they do online. Turn on parental controls and agree on rules together. Helpline: {{hotline}}.',
    },
  },
  {
    topic: 'parental-control',
    title: {
      ru: 'Памятка для родителей',
      kk: 'Ата-аналарға арналған жадынама',
      vi: 'Cẩm nang cho cha mẹ',
      en: 'Memo for parents',
    },
    body: {
      ru: 'Агрессивный контент, травля и незнакомцы: узнайте признаки и куда обращаться за помощью.',
      kk: 'Агрессивті контент, қорқыту және бейтаныс адамдар: белгілерін және көмекке қайда жүгіну керектігін біліңіз.',
      vi: 'Nội dung bạo lực, bắt nạt và người lạ: hãy nhận biết dấu hiệu và nơi tìm kiếm sự hỗ trợ.',
      en: 'Aggressive content, bullying and strangers: learn the signs and where to get help.',
    },
  },
  {
    topic: 'netiquette',
    title: {
      ru: 'Сетевой этикет',
      kk: 'Желі әдебі',
      vi: 'Văn hóa ứng xử trên mạng',
      en: 'Netiquette',
    },
    body: {
      ru: 'Уважайте других в сети так же, как в жизни. Реальный мир лучше виртуального.',
      kk: 'Желіде басқаларды өмірдегідей құрметтеңіз. Нақты әлем виртуалды әлемнен жақсы.',
      vi: 'Hãy tôn trọng người khác trên mạng như ngoài đời thực. Thế giới thực tốt đẹp hơn thế giới ảo.',
      en: 'Respect others online as you would offline. The real world is better than the virtual one.',
    },
  },
];

/** The brief's help lines with a number, in the sources' own words (seeds/004). */
const DEMO_HOTLINES: {
  keptBy: 'ministry' | 'dakLak';
  number: string;
  e164: string | null;
  name: Partial<Record<Language, string>>;
}[] = [
  {
    keptBy: 'ministry',
    number: '111',
    e164: null,
    name: {
      vi: 'Tổng đài Quốc gia bảo vệ trẻ em',
      en: 'National child protection hotline',
    },
  },
  {
    keptBy: 'dakLak',
    number: '02623.951.567',
    e164: '+842623951567',
    name: {
      vi: 'Đường dây nóng tiếp nhận thông tin, hỗ trợ bảo vệ, chăm sóc trẻ em tỉnh Đắk Lắk',
      en: 'Đắk Lắk provincial hotline',
    },
  },
];

interface SchoolPlan {
  orgId: string;
  orgPath: string[];
  timeZone: string;
  phonePrefix: string;
  emailDomain: string;
  languages: [Language, number][];
  count: number;
}

function pick<T>(random: () => number, weighted: [T, number][]): T {
  let roll = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll <= 0) return value;
  }
  return (weighted.at(-1) as [T, number])[0];
}

/** An organisation of the demo tree, through the organisations module (which checks nesting). */
function insertOrg(
  trx: Tx,
  parent: ParentOrganisation | null,
  kind: OrganisationKind,
  name: string,
  timeZone: string,
  language: Language,
) {
  return insertOrganisation(share(trx), parent, {
    kind,
    name,
    timeZone,
    defaultLanguage: language,
  });
}

/**
 * The demo's people, by the organisation they belong to: an editor at the ministry (no admin:
 * the root's first admin is whoever accepts the invitation printed at start) and the reviewer
 * who approves the editor's memos and large sends (four eyes), an admin of a
 * province, a sender at the other province's department, a viewer volunteering for the
 * parents' association. Adults at work; addresses on example.org.
 */
const DEMO_PEOPLE: {
  at: 'ministry' | 'almaty' | 'dakLak' | 'association';
  email: string;
  name: string;
  role: UserRole;
  language: Language;
}[] = [
  {
    at: 'ministry',
    email: 'editor.ministry@example.org',
    name: 'Ministry editor (demo)',
    role: 'editor',
    language: 'ru',
  },
  {
    at: 'ministry',
    email: 'reviewer.ministry@example.org',
    name: 'Ministry reviewer (demo)',
    role: 'reviewer',
    language: 'ru',
  },
  {
    at: 'almaty',
    email: 'sender.almaty@example.org',
    name: 'Almaty department sender (demo)',
    role: 'sender',
    language: 'kk',
  },
  {
    at: 'dakLak',
    email: 'admin.daklak@example.org',
    name: 'Đắk Lắk department admin (demo)',
    role: 'admin',
    language: 'vi',
  },
  {
    at: 'association',
    email: 'viewer.parents@example.org',
    name: 'Parents’ association volunteer (demo)',
    role: 'viewer',
    language: 'en',
  },
];

/**
 * Seeds the demo tenant: a ministry with two provinces, a district, two schools and a
 * parent association; 200 parents and teachers in ru/kk/vi/en; memos in all four languages;
 * segments and the "Safe Internet" campaign; people who sign in, one per role. Only adults:
 * children appear as age bands.
 */
export async function seedDemo(db: Db, adminKey: string, people: DemoPeople): Promise<DemoSeed> {
  const random = mulberry32(2017_04_10);
  // Hashed before the transaction (scrypt is slow on purpose), each with its own salt.
  const hashes = await Promise.all(DEMO_PEOPLE.map(() => people.hash(people.password)));
  return db.transaction().execute(async (trx) => {
    const ministry = await insertOrg(
      trx,
      null,
      'ministry',
      'Ministry of Education — Committee for the Protection of Children’s Rights (demo)',
      'Asia/Almaty',
      'ru',
    );
    const almaty = await insertOrg(
      trx,
      ministry,
      'province',
      'Almaty Region Education Department',
      'Asia/Almaty',
      'kk',
    );
    const dakLak = await insertOrg(
      trx,
      ministry,
      'province',
      'Đắk Lắk Department of Education and Training',
      'Asia/Ho_Chi_Minh',
      'vi',
    );
    const talgar = await insertOrg(
      trx,
      almaty,
      'district',
      'Talgar District Education Office',
      'Asia/Almaty',
      'kk',
    );
    const talgarSchool = await insertOrg(
      trx,
      talgar,
      'school',
      'Talgar Secondary School No. 1',
      'Asia/Almaty',
      'kk',
    );
    const nbkSchool = await insertOrg(
      trx,
      dakLak,
      'school',
      'Nguyễn Bình Khiêm High School',
      'Asia/Ho_Chi_Minh',
      'vi',
    );
    const association = await insertOrg(
      trx,
      ministry,
      'association',
      'National Parents’ Association',
      'Asia/Almaty',
      'ru',
    );
    await insertApiKey(share(trx), {
      orgId: ministry.id,
      name: 'Demo administrator',
      scopes: ['read', 'write', 'send', 'admin'],
      secret: adminKey,
    });

    const plans: SchoolPlan[] = [
      {
        orgId: talgarSchool.id,
        orgPath: talgarSchool.path,
        timeZone: 'Asia/Almaty',
        phonePrefix: '+7701',
        emailDomain: 'example.kz',
        languages: [
          ['kk', 55],
          ['ru', 40],
          ['en', 5],
        ],
        count: 110,
      },
      {
        orgId: nbkSchool.id,
        orgPath: nbkSchool.path,
        timeZone: 'Asia/Ho_Chi_Minh',
        phonePrefix: '+8491',
        emailDomain: 'example.vn',
        languages: [
          ['vi', 88],
          ['en', 12],
        ],
        count: 70,
      },
      {
        orgId: association.id,
        orgPath: association.path,
        timeZone: 'Asia/Almaty',
        phonePrefix: '+7702',
        emailDomain: 'example.org',
        languages: [
          ['ru', 60],
          ['kk', 40],
        ],
        count: 20,
      },
    ];
    const now = new Date();
    const contacts = [];
    const consentsOf = [];
    let serial = 0;
    for (const plan of plans) {
      for (let i = 0; i < plan.count; i += 1) {
        serial += 1;
        const role = pick<Role>(random, [
          ['parent', 85],
          ['teacher', 10],
          ['psychologist', 2],
          ['school_head', 3],
        ]);
        const phone = `${plan.phonePrefix}${String(1_000_000 + serial * 7919).slice(-7)}`;
        const consents: Consents = {};
        const grant = (channel: Channel, share: number) => {
          if (random() < share)
            consents[channel] = { status: 'granted', source: CONSENT_SOURCE, at: CONSENT_AT };
        };
        grant('email', 0.9);
        grant('whatsapp', 0.7);
        grant('sms', 0.6);
        grant('websocket', 0.3);
        const youngest = Math.floor(random() * 14) + 3;
        const id = uuidv7();
        consentsOf.push({ contactId: id, consents });
        contacts.push({
          id,
          org_id: plan.orgId,
          org_path: plan.orgPath,
          external_ref: `demo-${serial}`,
          display_name: null,
          role,
          language: pick(random, plan.languages),
          time_zone: plan.timeZone,
          child_age_bands: JSON.stringify(
            role === 'parent' ? [{ min: youngest, max: Math.min(17, youngest + 3) }] : [],
          ),
          addresses: JSON.stringify({
            phone,
            whatsapp: phone,
            email: `contact${serial}@${plan.emailDomain}`,
          }),
          // Given through the consent module below, which records them in the history.
          consents: JSON.stringify({}),
          created_at: now,
          updated_at: now,
        });
      }
    }
    await trx.insertInto('contacts').values(contacts).execute();
    await mergeConsents({ db: share(trx), now: () => now.getTime() }, consentsOf, BY_SYSTEM);

    const recommendationIds: string[] = [];
    for (const memo of MEMOS) {
      const id = uuidv7();
      recommendationIds.push(id);
      await trx
        .insertInto('recommendations')
        .values({
          id,
          org_id: association.id,
          published_version_id: null,
          latest_version_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      // Published as the association's memos were: before Safenet, so nobody approved them here.
      const versionId = uuidv7();
      await trx
        .insertInto('recommendation_versions')
        .values({
          id: versionId,
          recommendation_id: id,
          org_id: association.id,
          number: 1,
          status: 'published',
          topic: memo.topic,
          tags: ['memo-2017'],
          title: JSON.stringify(memo.title),
          body: JSON.stringify(memo.body),
          target_roles: ['parent'],
          target_age_bands: JSON.stringify([{ min: 6, max: 17 }]),
          authors: [],
          submitted_at: null,
          reviewed_by: null,
          reviewed_at: null,
          review_decision: null,
          review_comment: null,
          published_at: now,
          archived_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .updateTable('recommendations')
        .set({ published_version_id: versionId, latest_version_id: versionId })
        .where('id', '=', id)
        .execute();
    }

    // The help lines the brief names with a number (BRIEF.md; seeds/004, Đắk Lắk plan
    // 160/KH-UBND): Vietnam's national child protection line 111 and Đắk Lắk's own. Đắk Lắk
    // is the demo tree's only Vietnamese organisation, so the national line serves it too;
    // the province's own entry comes first there (kept nearer). Kazakhstan's plan names its
    // lines by purpose only (parental-control advice, psychological help, anonymous
    // consultations) and gives no number: none is seeded. No hours: the sources give none.
    for (const line of DEMO_HOTLINES) {
      const keeper = line.keptBy === 'ministry' ? ministry : dakLak;
      await trx
        .insertInto('hotlines')
        .values({
          id: uuidv7(),
          org_id: keeper.id,
          number: line.number,
          e164: line.e164,
          name: JSON.stringify(line.name),
          purposes: ['child_protection'],
          languages: ['vi'],
          hours: null,
          serves: [dakLak.id],
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    const segment = async (name: string, query: Record<string, unknown>) => {
      const id = uuidv7();
      await trx
        .insertInto('segments')
        .values({ id, org_id: ministry.id, name, query: JSON.stringify(query), created_at: now })
        .execute();
      return id;
    };
    const segmentIds = {
      allParents: await segment('All parents', { roles: ['parent'] }),
      kazakhAndRussianParents: await segment(
        'Kazakh- and Russian-speaking parents of 6–10 year olds',
        {
          roles: ['parent'],
          languages: ['kk', 'ru'],
          ageBand: { min: 6, max: 10 },
        },
      ),
      vietnameseParents: await segment('Parents in Đắk Lắk', {
        roles: ['parent'],
        underOrgIds: [dakLak.id],
      }),
    };

    const campaignId = uuidv7();
    await trx
      .insertInto('campaigns')
      .values({
        id: campaignId,
        org_id: ministry.id,
        key: 'safe-internet-2017',
        title: JSON.stringify({ ru: 'Безопасный интернет', en: 'Safe Internet' }),
        description:
          'National information campaign: aggressive online content, a culture of safe use, and adults’ responsibility for children’s online activity.',
        starts_on: '2017-04-10',
        ends_on: '2017-04-21',
        time_zone: 'Asia/Almaty',
        status: 'draft',
        partners: ['National Parents’ Association', 'NGOs', 'Media'],
        targets: '[]',
        created_by_user_id: null,
        updated_at: now,
        created_at: now,
      })
      .execute();
    // The ministry's Committee for the Protection of Children's Rights organises it.
    await trx
      .insertInto('campaign_organisers')
      .values({ campaign_id: campaignId, org_id: ministry.id, position: 0, by_agreement: false })
      .execute();

    const orgs = { ministry, almaty, dakLak, association };
    const users: DemoUserSeed[] = [];
    for (const [index, person] of DEMO_PEOPLE.entries()) {
      const orgId = orgs[person.at].id;
      const id = await insertDemoUser(share(trx), {
        orgId,
        email: person.email,
        name: person.name,
        role: person.role,
        language: person.language,
        passwordHash: hashes[index] as string,
      });
      users.push({ id, email: person.email, orgId, role: person.role });
    }

    return {
      ministryId: ministry.id,
      provinceIds: [almaty.id, dakLak.id],
      districtId: talgar.id,
      schoolIds: [talgarSchool.id, nbkSchool.id],
      associationId: association.id,
      contactCount: contacts.length,
      recommendationIds,
      segmentIds,
      campaignId,
      users,
      demoPassword: people.password,
    };
  });
}
