import type { Language, UserRole } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { insertUser } from './people.store.js';
import { own } from './people.tables.js';

/** A person the demo seed adds, with their password already hashed. */
export interface DemoUser {
  orgId: string;
  email: string;
  name: string;
  role: UserRole;
  language: Language;
  passwordHash: string;
}

/** Adds a person to the demo tenant (the demo seed passes its transaction); returns the id. */
export async function insertDemoUser(db: ExecutorHandle, user: DemoUser): Promise<string> {
  const row = await insertUser(own(db), {
    id: uuidv7(),
    org_id: user.orgId,
    email: user.email,
    name: user.name,
    role: user.role,
    language: user.language,
    password_hash: user.passwordHash,
    created_at: new Date(),
    last_sign_in_at: null,
  });
  return row.id;
}
