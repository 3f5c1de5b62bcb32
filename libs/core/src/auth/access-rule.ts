import { SetMetadata } from '@nestjs/common';

/**
 * Who may call an operation. Every query, mutation and route declares one: the access guard
 * (libs/identity) refuses any that does not (deny by default). Roles are libs/identity's.
 */
export type AccessRule = { public: true } | { donor?: boolean; staff?: readonly string[] };

export const ACCESS_RULE = 'shanchou:access';

/** Anyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);
