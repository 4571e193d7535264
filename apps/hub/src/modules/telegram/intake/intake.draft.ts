import type { CaseCategory, CasePlatform } from '@safenet/core';

/**
 * The steps of the intake conversation, in order: links → category → platform →
 * description → feedback (hear back here?) → confirm. `language` waits for a language choice
 * (the reporter's Telegram language is none of ours, or they typed /language).
 */
export const INTAKE_STEPS = [
  'language',
  'links',
  'category',
  'platform',
  'description',
  'feedback',
  'confirm',
] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/** What the reporter has given so far. */
export interface IntakeDraft {
  links?: string[];
  category?: CaseCategory;
  platform?: CasePlatform;
  description?: string;
  feedback?: boolean;
}

/** A drafts lapse this long after the last answer: an abandoned report is dropped. */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;
