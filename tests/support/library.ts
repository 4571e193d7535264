/**
 * Publishing a recommendation the four-eyes way through the SDK, for tests and benchmarks
 * that send one: the author writes and submits version 1, a reviewer key of the same
 * organisation (made by the author, who must hold `admin`, with `read` and `approve` only)
 * approves it. Keys made with a bootstrap key act for nobody but themselves, so the reviewer
 * is another person; keys made by a signed-in person would not be (see docs/reference/library.md).
 */
import type { Recommendation, RecommendationInput } from '@safenet/core';
import { SafenetClient } from '@safenet/sdk';

export async function publishMemo(
  author: SafenetClient,
  baseUrl: string,
  input: RecommendationInput,
): Promise<Recommendation> {
  const memo = await author.recommendations.create(input);
  await author.recommendations.submit(memo.id, 1);
  const key = await author.apiKeys.create({
    orgId: input.orgId,
    name: 'Reviewer (test)',
    scopes: ['read', 'approve'],
  });
  const reviewer = new SafenetClient({ baseUrl, apiKey: key.secret });
  await reviewer.recommendations.approve(memo.id, 1);
  return author.recommendations.get(memo.id);
}
