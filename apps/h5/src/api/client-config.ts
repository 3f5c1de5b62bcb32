import { gql } from './graphql';
import { CLIENT_CONFIG, type ClientConfig } from './operations';

let pending: Promise<ClientConfig> | null = null;

/** The server's settings for the pages, asked once per page load. */
export function clientConfig(): Promise<ClientConfig> {
  pending ??= gql<{ clientConfig: ClientConfig }>(CLIENT_CONFIG).then(
    (data) => data.clientConfig,
    (err: unknown) => {
      pending = null;
      throw err;
    },
  );
  return pending;
}
