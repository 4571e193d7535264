/** The people API's types the console uses, from the SDK (core's schemas). */
export type { InvitationCreated, Session, User, UserRole } from '@safenet/sdk';
