import type { z } from "zod";
import type { HttpClient, QueryValue } from "../http";
import { collect, paginateTokens } from "../paginate";

/**
 * One Numspot collection under a parent path (e.g. `/organisations/{id}/spaces`): GET/PATCH/DELETE by id, POST to
 * create, and a list over every page (`page[size]`, `page[nextToken]` → `nextPageToken`).
 */
export function numspotCollection<T, Create, Update>(options: {
  /** The collection's path under its parent, e.g. `(organisationId) => /organisations/${organisationId}/spaces`. */
  path: (parent: string) => string;
  schema: z.ZodType<T>;
  /** The largest page the endpoint accepts. */
  maxPageSize: number;
}) {
  const { schema } = options;
  const base = (parent: string) => options.path(encodeURIComponent(parent));
  const one = (parent: string, id: string) => `${base(parent)}/${encodeURIComponent(id)}`;
  return {
    get: async (client: HttpClient, parent: string, id: string): Promise<T> =>
      schema.parse(await client.request({ method: "GET", path: one(parent, id) })),
    list: (
      client: HttpClient,
      parent: string,
      pageSize = options.maxPageSize,
      query: Record<string, QueryValue> = {},
    ) =>
      collect(
        paginateTokens<T>(async (nextToken) => {
          const body = (await client.request({
            method: "GET",
            path: base(parent),
            query: { ...query, "page[size]": pageSize, "page[nextToken]": nextToken },
          })) as { items?: unknown[] | null; nextPageToken?: string | null } | undefined;
          return { items: (body?.items ?? []).map((item) => schema.parse(item)), nextPageToken: body?.nextPageToken };
        }),
      ),
    /** POST is not idempotent: after a lost answer, `recover` looks for the object before anything is re-sent. */
    create: async (
      client: HttpClient,
      parent: string,
      body: Create,
      recover?: () => Promise<T | undefined>,
    ): Promise<T> => schema.parse(await client.request({ method: "POST", path: base(parent), body, recover })),
    /** Numspot's PATCH answers 204: read the object again for its new state. */
    update: async (client: HttpClient, parent: string, id: string, body: Update): Promise<void> => {
      await client.request({ method: "PATCH", path: one(parent, id), body });
    },
    delete: async (client: HttpClient, parent: string, id: string): Promise<void> => {
      await client.request({ method: "DELETE", path: one(parent, id) });
    },
  };
}
