/** What a ServerTable asks for: a page of `pageSize` rows after `cursor` (null: the first page). */
export interface PageQuery {
  pageSize: number;
  cursor: string | null;
  search: string;
}

/** A page as the API gives it: its rows and the cursor of the next page (null: the last one). */
export interface PageResult<Row> {
  rows: Row[];
  next: string | null;
}

export const PAGE_SIZES = [20, 50, 100];

/** What a page holding a ServerTable (by ref) may call: again from page 1, or this page again. */
export interface ServerTableHandle {
  reload(): Promise<void>;
  refresh(): Promise<void>;
}
