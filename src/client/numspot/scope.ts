import type { HttpClient, QueryValue } from "../http";
import { collect, paginateTokens } from "../paginate";

/** Where an IAM object lives: `/iam/organisations/{id}` or `/iam/spaces/{id}`. */
export interface IamScope {
  readonly kind: "organisations" | "spaces";
  readonly id: string;
}

export const scopePath = (scope: IamScope) => `/iam/${scope.kind}/${encodeURIComponent(scope.id)}`;

/** Every page of a Numspot list (`page[size]`, `page[nextToken]` → `nextPageToken`). */
export function listAll<T>(
  client: HttpClient,
  path: string,
  parse: (item: unknown) => T,
  pageSize: number,
  query: Record<string, QueryValue> = {},
): Promise<T[]> {
  return collect(
    paginateTokens<T>(async (nextToken) => {
      const body = (await client.request({
        method: "GET",
        path,
        query: { ...query, "page[size]": pageSize, "page[nextToken]": nextToken },
      })) as { items?: unknown[] | null; nextPageToken?: string | null } | undefined;
      return { items: (body?.items ?? []).map(parse), nextPageToken: body?.nextPageToken };
    }),
  );
}

/** Splits `items` into calls of at most `size` (the bulk endpoints take 1–100 items). */
export function chunks<T>(items: readonly T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
