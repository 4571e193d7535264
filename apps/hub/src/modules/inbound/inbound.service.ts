import type { InboundMessage } from '@safenet/channels';
import {
  CHANNEL_ADDRESS,
  type Channel,
  type Consent,
  helpReply,
  parseConsentKeyword,
} from '@safenet/core';
import { sql } from 'kysely';
import { type DatabaseHandle, share } from '../../platform/database/schema.js';
import { BY_CONTACT, setConsent } from '../consent/index.js';
import { firstContactByAddress } from '../contacts/index.js';
import { organisationName } from '../organisations/index.js';
import { type Db, own, type Tx } from './inbound.tables.js';
import { firstTime } from './inbound-events.js';

/** The answer to a HELP reply, for the provider to send back (Twilio: in its TwiML). */
export interface HelpReply {
  to: string;
  text: string;
}

/** What replies from contacts did. */
export interface InboundOutcome {
  /** Contacts whose consent changed. */
  consentChanges: number;
  /** Keyword replies whose provider id the hub had already acted on: replays, ignored. */
  duplicates: number;
  /** Answers to HELP, for the provider to send back. */
  replies: HelpReply[];
}

/**
 * Acts on what contacts wrote back: STOP and START (in every language Safenet knows) withdraw
 * or give consent on `channel` for every contact with the sender's address; HELP gets an
 * answer naming the organisation. Other text is ignored.
 *
 * Each keyword reply is applied once: its provider id is recorded in the same transaction
 * as its effect, so a replayed webhook is a no-op (and a replayed HELP is not answered
 * again: a replay must not make the hub send messages). Consent changes carry the message's
 * time and never override a newer consent (`setConsent`), so replies that arrive out of
 * order end where they would in order.
 */
export async function applyInboundMessages(
  deps: { db: DatabaseHandle | Db },
  channel: Channel,
  messages: readonly InboundMessage[],
): Promise<InboundOutcome> {
  const outcome: InboundOutcome = { consentChanges: 0, duplicates: 0, replies: [] };
  const field = CHANNEL_ADDRESS[channel];
  if (!field) return outcome;
  for (const message of messages) {
    const keyword = parseConsentKeyword(message.body);
    if (keyword !== 'stop' && keyword !== 'start' && keyword !== 'help') continue;
    await own(deps.db)
      .transaction()
      .execute(async (trx) => {
        const id = message.providerMessageId;
        if (id !== null && !(await firstTime(trx, channel, id))) {
          outcome.duplicates += 1;
          return;
        }
        if (keyword === 'help') {
          outcome.replies.push(await helpFor(trx, field, message.from));
          return;
        }
        const consent: Consent = {
          status: keyword === 'stop' ? 'revoked' : 'granted',
          source: `${keyword.toUpperCase()} reply on ${channel}`,
          at: message.at.toISOString(),
        };
        outcome.consentChanges += await setConsent(
          { db: share(trx) },
          sql<boolean>`contacts.addresses ->> ${field} = ${message.from}`,
          channel,
          consent,
          BY_CONTACT,
        );
      });
  }
  return outcome;
}

/**
 * Names the organisation of the contact with this address, in the contact's language; a
 * sender the hub does not know gets the English text signed "Safenet".
 */
async function helpFor(trx: Tx, field: string, from: string): Promise<HelpReply> {
  const contact = await firstContactByAddress(share(trx), field, from);
  const name = contact ? await organisationName(share(trx), contact.org_id) : undefined;
  return { to: from, text: helpReply(contact?.language ?? 'en', name ?? 'Safenet') };
}
