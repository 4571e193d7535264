import type { CampaignStatus, ProgrammeFile } from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { ResolvedOrg } from '../organisations/index.js';

/** The top-level fields of a programme file. */
export type ProgrammeSection = Exclude<keyof ProgrammeFile, 'version'>;

/** A problem a part finds in a file: where (path segments in the file), a code, what to fix. */
export interface PartProblem {
  at: readonly (string | number)[];
  code: string;
  message: string;
}

/**
 * What the loader has resolved before the parts run: the owner, and every organisation
 * reference of the file by its path in the file (`plan[0].items[3].responsible[0].org`),
 * each checked to be in the owner's subtree (organisers: on the owner's line).
 */
export interface ResolvedProgramme {
  owner: ResolvedOrg;
  /**
   * The organisation a reference at `path` (formatted, e.g. `organisers[1].org`) names; in
   * `problems`, undefined for a reference that did not resolve or lies outside the owner's
   * subtree (already reported: skip what depends on it). In `write`, every reference is there.
   */
  org(path: string): ResolvedOrg | undefined;
  /** The loading key's organisation (the caller's subtree is what the file may reach). */
  callerOrgId: string;
  /** The hub's clock at the load. */
  now: Date;
}

/**
 * The campaign of the file's owner and key as it stands before the load, for `problems`: its
 * status as the calendar has it now (core's `calendarStatus`), which decides what a part may
 * still change (a completed campaign's plan, announcements and reminders stay as they are).
 */
export interface ExistingCampaign {
  id: string;
  status: CampaignStatus;
}

/** The campaign a load writes to: the one of the same owner and key, or a new one. */
export interface ProgrammeCampaign extends ExistingCampaign {
  orgId: string;
  /** True when this load creates it (its status is then `draft`). */
  created: boolean;
}

/**
 * One part of a programme file as a module stores it: the sections it owns, the problems it
 * finds (read-only, inside the load's transaction, before anything is written), and its
 * write. `write` runs after every part's `problems` came back empty, in the one transaction
 * of the load; it answers whether it changed anything, so a second load of the same file
 * can say `unchanged`. A part must not write in `problems`: a dry run and a refused file
 * roll the transaction back, but a part's writes there would be judged by other parts.
 *
 * The campaigns module brings the `campaign` part (title, window, phases, organisers…); the
 * plans, calendar and reminders modules register theirs (`plan`, `announcements`,
 * `reminders`) when the hub is composed, in that order: each writes after the ones before,
 * so the reminders find the plan's items stored. A part's `problems` runs before anything is
 * written: it judges the file against the file (its plan, its phases), never against what a
 * part before it would write.
 *
 * `read` goes the other way: what is stored, as the part's sections of a file.
 */
export interface ProgrammePart {
  readonly name: string;
  readonly sections: readonly ProgrammeSection[];
  problems(
    file: ProgrammeFile,
    resolved: ResolvedProgramme,
    db: ExecutorHandle,
    campaign: ExistingCampaign | null,
  ): Promise<PartProblem[]>;
  write(
    db: ExecutorHandle,
    campaign: ProgrammeCampaign,
    file: ProgrammeFile,
    resolved: ResolvedProgramme,
  ): Promise<boolean>;
  /**
   * The part's sections as a file would give them, read from what is stored (organisations
   * named `{ id }`): what exporting a campaign and copying it into a new period read. Loading
   * the answer again under the same key must find nothing to change.
   */
  read(
    db: ExecutorHandle,
    campaign: { id: string; orgId: string },
  ): Promise<Partial<ProgrammeFile>>;
}

/** The parts a hub loads programme files with, in the order they write. */
export interface ProgrammeParts {
  /** Adds a part; a section may belong to one part only. */
  register(part: ProgrammePart): void;
  list(): readonly ProgrammePart[];
  /** The part that stores `section`, if any. */
  owning(section: ProgrammeSection): ProgrammePart | undefined;
}

/** A registry of programme parts, starting with `initial` (the campaign part first). */
export function createProgrammeParts(initial: readonly ProgrammePart[] = []): ProgrammeParts {
  const parts: ProgrammePart[] = [];
  const registry: ProgrammeParts = {
    register(part) {
      for (const section of part.sections) {
        const taken = registry.owning(section);
        if (taken) {
          throw new Error(
            `The programme section "${section}" is already stored by the part "${taken.name}"`,
          );
        }
      }
      if (parts.some((p) => p.name === part.name)) {
        throw new Error(`A programme part named "${part.name}" is already registered`);
      }
      parts.push(part);
    },
    list: () => parts,
    owning: (section) => parts.find((part) => part.sections.includes(section)),
  };
  for (const part of initial) registry.register(part);
  return registry;
}
