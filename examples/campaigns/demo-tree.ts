import type { OrganisationKind, SafenetClient } from '@safenet/sdk';

/**
 * The organisations the example programme files name, each with a demo code (arranged for the
 * demo: the documents give no codes), its kind, its name exactly as the files write it, and
 * its parent (by code; `null`: the root ministry the files are loaded by).
 */
export const DEMO_TREE: readonly DemoOrganisation[] = [
  {
    code: 'demo-kz-parents',
    kind: 'association',
    name: 'Казахстанская ассоциация родителей по поддержке семьи и семейных ценностей',
    parent: null,
    timeZone: 'Asia/Almaty',
    defaultLanguage: 'ru',
  },
  {
    code: 'demo-vn-dak-lak',
    kind: 'province',
    name: 'Đắk Lắk Department of Education and Training',
    parent: null,
    timeZone: 'Asia/Ho_Chi_Minh',
    defaultLanguage: 'vi',
  },
  {
    code: 'demo-vn-gia-lam',
    kind: 'district',
    name: 'Gia Lâm District Education Office',
    parent: 'demo-vn-dak-lak',
  },
  {
    code: 'demo-vn-nbk',
    kind: 'school',
    name: 'Nguyễn Bình Khiêm High School',
    parent: 'demo-vn-gia-lam',
  },
  {
    code: 'demo-vn-nbk-youth-union',
    kind: 'association',
    name: 'Đoàn Thanh niên trường THPT Nguyễn Bình Khiêm',
    parent: 'demo-vn-nbk',
  },
];

/** One organisation of {@link DEMO_TREE}. */
export interface DemoOrganisation {
  code: string;
  kind: OrganisationKind;
  name: string;
  /** The parent's code; null for the root ministry. */
  parent: string | null;
  timeZone?: string;
  defaultLanguage?: 'ru' | 'kk' | 'vi' | 'en';
}

/**
 * The example files in the order they load: a plan after the one it implements.
 */
export const EXAMPLE_FILES = [
  'safe-internet-2017.ru.yaml',
  'dak-lak-160-2022-2025.vi.yaml',
  'gia-lam-2021-2025.vi.yaml',
  'nguyen-binh-khiem-2022-2023.vi.yaml',
] as const;

/**
 * Makes sure the demo tree exists under the root ministry `rootId`, through the SDK (an
 * `admin` key): each organisation is found by its code, else by its name under its parent
 * (then given its code: today's demo seed has Đắk Lắk without one), else created. Running it
 * again changes nothing. Answers each code's organisation id.
 *
 * @example
 * const ids = await buildDemoTree(client, rootId);
 * ids['demo-vn-nbk']; // the school the Vietnamese chain ends with
 */
export async function buildDemoTree(
  client: SafenetClient,
  rootId: string,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const org of DEMO_TREE) {
    const parentId = org.parent === null ? rootId : ids[org.parent];
    if (!parentId) throw new Error(`${org.code}: its parent ${org.parent} comes later in the tree`);
    const [byCode] = (await client.organisations.list({ code: org.code })).items;
    if (byCode) {
      ids[org.code] = byCode.id;
      continue;
    }
    let byName: string | undefined;
    for await (const candidate of client.organisations.iterate({ limit: 200 })) {
      if (candidate.parentId === parentId && candidate.name === org.name) byName = candidate.id;
    }
    if (byName) {
      await client.organisations.update(byName, { code: org.code });
      ids[org.code] = byName;
      continue;
    }
    const created = await client.organisations.create({
      parentId,
      kind: org.kind,
      name: org.name,
      code: org.code,
      ...(org.timeZone ? { timeZone: org.timeZone } : {}),
      ...(org.defaultLanguage ? { defaultLanguage: org.defaultLanguage } : {}),
    });
    ids[org.code] = created.id;
  }
  return ids;
}
