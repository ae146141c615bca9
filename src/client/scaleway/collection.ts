import type { z } from "zod";
import type { HttpClient, QueryValue } from "../http";
import { collect, paginatePages } from "../paginate";
import { IAM_PREFIX } from "./client";

/**
 * One Scaleway IAM collection (`/iam/v1alpha1/<path>`): GET/PATCH/DELETE by id, POST to create, and a list that
 * reads every page (`page`/`page_size`, `total_count`; the default page of 20 would silently cut a list short).
 * An endpoint is then a few declarative lines: its path, its list key and its schema.
 */
export function scalewayCollection<T, Create, Update, Filter extends Record<string, QueryValue>>(options: {
  path: string;
  /** The list answer's array key, e.g. "applications". */
  listKey: string;
  schema: z.ZodType<T>;
  pageSize?: number;
}) {
  const { schema } = options;
  const base = `${IAM_PREFIX}/${options.path}`;
  const one = (id: string) => `${base}/${encodeURIComponent(id)}`;
  return {
    get: async (client: HttpClient, id: string): Promise<T> =>
      schema.parse(await client.request({ method: "GET", path: one(id) })),
    list: (client: HttpClient, filter: Filter): Promise<T[]> =>
      collect(
        paginatePages(
          async (page, page_size) => {
            const body = (await client.request({
              method: "GET",
              path: base,
              query: { ...filter, page, page_size },
            })) as Record<string, unknown>;
            const items = (body?.[options.listKey] ?? []) as unknown[];
            return { items: items.map((item) => schema.parse(item)), totalCount: body?.total_count as number };
          },
          { pageSize: options.pageSize ?? 100 },
        ),
      ),
    /** POST is not idempotent: after a lost answer, `recover` looks for the object before anything is re-sent. */
    create: async (client: HttpClient, body: Create, recover?: () => Promise<T | undefined>): Promise<T> =>
      schema.parse(await client.request({ method: "POST", path: base, body, recover })),
    update: async (client: HttpClient, id: string, body: Update): Promise<T> =>
      schema.parse(await client.request({ method: "PATCH", path: one(id), body })),
    delete: async (client: HttpClient, id: string): Promise<void> => {
      await client.request({ method: "DELETE", path: one(id) });
    },
  };
}
