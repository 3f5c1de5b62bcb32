import { GraphQLSafeInt } from 'graphql-scalars';

/** A 53-bit integer: money in fen travels as this, never as Float (API.md). */
export const SafeInt = GraphQLSafeInt;
