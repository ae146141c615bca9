import { describe, expect, it } from "vitest";
import { collect, PaginationError, paginatePages, paginateTokens } from "../../src/client/paginate";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A Scaleway-style list of `total` items served page by page; records the pages asked. */
function pagedServer(total: number, withTotal = true) {
  const asked: Array<[number, number]> = [];
  const fetchPage = async (page: number, pageSize: number) => {
    asked.push([page, pageSize]);
    const items = range(total).slice((page - 1) * pageSize, page * pageSize);
    return withTotal ? { items, totalCount: total } : { items };
  };
  return { asked, fetchPage };
}

describe("paginatePages", () => {
  it("reads every page, starting at 1, and stops at total_count", async () => {
    const server = pagedServer(45);
    expect(await collect(paginatePages(server.fetchPage, { pageSize: 20 }))).toEqual(range(45));
    expect(server.asked).toEqual([
      [1, 20],
      [2, 20],
      [3, 20],
    ]);
  });

  it("does not ask for a page past an exact multiple of the total", async () => {
    const server = pagedServer(40);
    expect(await collect(paginatePages(server.fetchPage, { pageSize: 20 }))).toHaveLength(40);
    expect(server.asked.map(([p]) => p)).toEqual([1, 2]);
  });

  it("without a total, stops at a short page, or at an empty one", async () => {
    const short = pagedServer(45, false);
    expect(await collect(paginatePages(short.fetchPage, { pageSize: 20 }))).toHaveLength(45);
    expect(short.asked).toHaveLength(3);
    const exact = pagedServer(40, false);
    expect(await collect(paginatePages(exact.fetchPage, { pageSize: 20 }))).toHaveLength(40);
    expect(exact.asked).toHaveLength(3);
  });

  it("stops on an empty page even if the total promised more (list shrank meanwhile)", async () => {
    const pages = [
      { items: [1, 2], totalCount: 5 },
      { items: [], totalCount: 5 },
    ];
    let i = 0;
    expect(await collect(paginatePages(async () => pages[i++]!, { pageSize: 2 }))).toEqual([1, 2]);
    expect(i).toBe(2);
  });

  it("throws past maxPages instead of looping forever", async () => {
    const endless = async () => ({ items: [1], totalCount: 1_000_000 });
    await expect(collect(paginatePages(endless, { pageSize: 1, maxPages: 5 }))).rejects.toBeInstanceOf(PaginationError);
  });
});

describe("paginateTokens", () => {
  it("follows nextPageToken across pages until it is missing or empty", async () => {
    const pages: Record<string, { items: string[]; nextPageToken?: string | null }> = {
      "": { items: ["a", "b"], nextPageToken: "t1" },
      t1: { items: ["c"], nextPageToken: "t2" },
      t2: { items: ["d"], nextPageToken: "" },
    };
    const asked: Array<string | undefined> = [];
    const items = await collect(
      paginateTokens(async (token) => {
        asked.push(token);
        return pages[token ?? ""]!;
      }),
    );
    expect(items).toEqual(["a", "b", "c", "d"]);
    expect(asked).toEqual([undefined, "t1", "t2"]);
  });

  it("stops on a null token", async () => {
    expect(await collect(paginateTokens(async () => ({ items: [1], nextPageToken: null })))).toEqual([1]);
  });

  it("throws when the server hands back a token it already gave", async () => {
    let n = 0;
    const looping = async () => ({ items: [n++], nextPageToken: n > 2 ? "t1" : `t${n}` });
    await expect(collect(paginateTokens(looping))).rejects.toThrow(/page token t1 twice/);
  });
});
