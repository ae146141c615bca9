const DEFAULT_MAX_PAGES = 10_000;

export class PaginationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PaginationError";
  }
}

/**
 * Page-number pagination (Scaleway `page`/`page_size`/`total_count`), pages counted from 1. Ends when `totalCount`
 * items were seen, or, without a total, on a short or empty page. An empty page before the total is reached also ends
 * it: the collection shrank while we read it, and asking for further pages would only return more empty ones.
 */
export async function* paginatePages<T>(
  fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; totalCount?: number }>,
  options?: { pageSize?: number; maxPages?: number },
): AsyncGenerator<T> {
  const pageSize = options?.pageSize ?? 100;
  const maxPages = options?.maxPages ?? DEFAULT_MAX_PAGES;
  let seen = 0;
  for (let page = 1; ; page++) {
    if (page > maxPages)
      throw new PaginationError(`Pagination stopped after ${maxPages} pages (page size ${pageSize})`);
    const { items, totalCount } = await fetchPage(page, pageSize);
    for (const item of items) yield item;
    seen += items.length;
    if (items.length === 0) return;
    if (totalCount !== undefined && totalCount !== null) {
      if (seen >= totalCount) return;
    } else if (items.length < pageSize) {
      return;
    }
  }
}

/**
 * Token pagination (Numspot `page[nextToken]` → `nextPageToken`). Ends on a missing or empty token; a token seen
 * before means the server is looping, which would otherwise never end.
 */
export async function* paginateTokens<T>(
  fetchPage: (pageToken: string | undefined) => Promise<{ items: T[]; nextPageToken?: string | null }>,
  options?: { maxPages?: number },
): AsyncGenerator<T> {
  const maxPages = options?.maxPages ?? DEFAULT_MAX_PAGES;
  const seenTokens = new Set<string>();
  let token: string | undefined;
  for (let page = 1; ; page++) {
    if (page > maxPages) throw new PaginationError(`Pagination stopped after ${maxPages} pages`);
    const { items, nextPageToken } = await fetchPage(token);
    for (const item of items) yield item;
    if (!nextPageToken) return;
    if (seenTokens.has(nextPageToken)) {
      throw new PaginationError(`The server returned page token ${nextPageToken} twice; stopping to avoid a loop`);
    }
    seenTokens.add(nextPageToken);
    token = nextPageToken;
  }
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
