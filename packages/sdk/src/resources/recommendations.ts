import type {
  Language,
  Page,
  Recommendation,
  RecommendationCoverage,
  RecommendationInput,
  RecommendationPatch,
  RecommendationStatus,
  RecommendationTopic,
  RecommendationVersion,
  RejectionInput,
  Role,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `recommendations.list`, besides paging: every one given must hold. */
export type RecommendationListParams = PageParams & {
  topic?: RecommendationTopic;
  /** A free tag, e.g. `memo-2017`. */
  tag?: string;
  /** For this role: targets it, or every role. */
  role?: Role;
  /** With `ageMax`: targets an overlapping children's age band, or every age. */
  ageMin?: number;
  ageMax?: number;
  /** Written in this language. */
  language?: Language;
  /** `published`: has a published version; `draft`/`in_review`: has an open one so; `archived`: neither. */
  status?: RecommendationStatus;
  /** Words of the title, in any language. */
  q?: string;
};

/** Which segment (and version, default the one shown) `recommendations.coverage` compares. */
export interface CoverageParams {
  segmentId: string;
  version?: number;
}

/** A file to add to a draft: its bytes and the name recipients see. */
export interface AttachmentUpload {
  /** The file's bytes: a `Blob` or `File` in a browser, a `Buffer` or `Uint8Array` in Node. */
  data: Blob | Uint8Array;
  /** e.g. `Памятка для родителей.pdf`; its extension follows the type the hub reads from the bytes. */
  filename: string;
}

/**
 * The library of guidance for parents and teachers written per language, such as the memo
 * "How to stay safe on the Internet". A recommendation has versions: each is written as a
 * draft, submitted, approved by another person (four eyes) and so published; only the
 * published version is sent. Bodies may use `{{variables}}` filled in when a broadcast sends
 * them.
 *
 * @example
 * const memo = await client.recommendations.create({
 *   orgId: associationId, topic: 'online-safety', targetRoles: ['parent'],
 *   title: { kk: 'Интернетте қалай қауіпсіз болуға болады', ru: 'Как оставаться в безопасности в Интернете', en: 'How to stay safe on the Internet' },
 *   body: { kk: '… Сенім телефоны: {{hotline}}', ru: '… Телефон доверия: {{hotline}}', en: '… Hotline: {{hotline}}' },
 * });
 * await client.recommendations.submit(memo.id, 1);
 * // …and another person, with the `approve` scope:
 * await reviewer.recommendations.approve(memo.id, 1);
 */
export class Recommendations {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /**
   * A page of the library, filtered.
   *
   * @example
   * await client.recommendations.list({ topic: 'cyberbullying', role: 'parent', language: 'kk', status: 'published' });
   */
  list(
    params: RecommendationListParams = {},
    options?: RequestOptions,
  ): Promise<Page<Recommendation>> {
    return this.#http.request(
      { method: 'GET', path: '/v1/recommendations', query: params },
      options,
    );
  }

  /** Every recommendation matching the filters, fetched page by page. */
  iterate(
    params: RecommendationListParams = {},
    options?: RequestOptions,
  ): ItemIterator<Recommendation> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /** Creates a recommendation: its version 1, a draft. */
  create(input: RecommendationInput, options?: PostOptions): Promise<Recommendation> {
    return this.#http.request(
      { method: 'POST', path: '/v1/recommendations', body: input },
      options,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Recommendation> {
    return this.#http.request(
      { method: 'GET', path: `/v1/recommendations/${segment(id)}` },
      options,
    );
  }

  /**
   * Edits the text or targets: into the open draft, or a new draft copied from the published
   * version, which keeps being sent until the new one is approved.
   *
   * @example
   * await client.recommendations.update(memo.id, { body: { ru: '… Телефон доверия: 111' } });
   */
  update(id: string, patch: RecommendationPatch, options?: PostOptions): Promise<Recommendation> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/recommendations/${segment(id)}`, body: patch },
      options,
    );
  }

  /** Every version, newest first. */
  async versions(id: string, options?: RequestOptions): Promise<RecommendationVersion[]> {
    const { items } = await this.#http.request<{ items: RecommendationVersion[] }>(
      { method: 'GET', path: `/v1/recommendations/${segment(id)}/versions` },
      options,
    );
    return items;
  }

  version(id: string, number: number, options?: RequestOptions): Promise<RecommendationVersion> {
    return this.#http.request({ method: 'GET', path: versionPath(id, number) }, options);
  }

  /** Sends a draft for review. */
  submit(id: string, number: number, options?: PostOptions): Promise<RecommendationVersion> {
    return this.#http.request(
      { method: 'POST', path: `${versionPath(id, number)}/submit` },
      options,
    );
  }

  /**
   * Approves a version in review, which publishes it: needs the `approve` scope, and another
   * person than its authors (`approval_self` otherwise; a key counts as its creator).
   */
  approve(id: string, number: number, options?: PostOptions): Promise<RecommendationVersion> {
    return this.#http.request(
      { method: 'POST', path: `${versionPath(id, number)}/approve` },
      options,
    );
  }

  /** Sends a version in review back to draft, saying what to change. */
  reject(
    id: string,
    number: number,
    input: RejectionInput,
    options?: PostOptions,
  ): Promise<RecommendationVersion> {
    return this.#http.request(
      { method: 'POST', path: `${versionPath(id, number)}/reject`, body: input },
      options,
    );
  }

  /** Withdraws a published version, or abandons a draft. */
  archive(id: string, number: number, options?: PostOptions): Promise<RecommendationVersion> {
    return this.#http.request(
      { method: 'POST', path: `${versionPath(id, number)}/archive` },
      options,
    );
  }

  /**
   * The languages a version is written in against a segment's contacts: who reads their own
   * language, who falls back (e.g. kk → ru), who has none.
   */
  coverage(
    id: string,
    params: CoverageParams,
    options?: RequestOptions,
  ): Promise<RecommendationCoverage> {
    return this.#http.request(
      {
        method: 'GET',
        path: `/v1/recommendations/${segment(id)}/coverage`,
        query: { ...params },
      },
      options,
    );
  }

  /**
   * Adds a file to a draft (a memo, a booklet, a poster): PDF, JPEG, PNG, DOCX, XLSX or PPTX,
   * by its bytes; at most 5 per version and `SAFENET_ATTACHMENT_MAX_BYTES` each. Answers the
   * version with its files.
   *
   * @example
   * const memo = await readFile('Памятка для родителей.pdf');
   * await client.recommendations.uploadAttachment(id, 2, { data: memo, filename: 'Памятка для родителей.pdf' });
   */
  uploadAttachment(
    id: string,
    number: number,
    file: AttachmentUpload,
    options?: PostOptions,
  ): Promise<RecommendationVersion> {
    return this.#http.request(
      {
        method: 'POST',
        path: `${versionPath(id, number)}/attachments`,
        query: { name: file.filename },
        bytes: { data: file.data, contentType: 'application/octet-stream' },
      },
      options,
    );
  }

  /** Removes a file from a draft; the versions that carry it keep it. */
  removeAttachment(
    id: string,
    number: number,
    attachmentId: string,
    options?: PostOptions,
  ): Promise<void> {
    return this.#http.request(
      {
        method: 'DELETE',
        path: `${versionPath(id, number)}/attachments/${segment(attachmentId)}`,
      },
      options,
    );
  }

  /**
   * A file's bytes, as stored (a version's `attachments` give its name and type).
   *
   * @example
   * const [file] = (await client.recommendations.version(id, 1)).attachments;
   * await writeFile(file.filename, await client.recommendations.downloadAttachment(file.id));
   */
  downloadAttachment(attachmentId: string, options?: RequestOptions): Promise<Uint8Array> {
    return this.#http.request(
      { method: 'GET', path: `/v1/attachments/${segment(attachmentId)}`, as: 'bytes' },
      options,
    );
  }
}

const versionPath = (id: string, number: number) =>
  `/v1/recommendations/${segment(id)}/versions/${number}`;
