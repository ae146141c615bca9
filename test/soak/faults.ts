/**
 * The soak's faults: which are injected, how, and how each is counted afterwards from what the sandbox recorded.
 *
 * - 429 with Retry-After, 5xx, a reset before the server acted, a reset after it committed: sandbox fault rules on
 *   every system, each an equal share of FAULT_RATE of all requests, drawn from the sandbox's seeded random source.
 * - A slow answer: the sandbox holds the request for longer than the client's per-attempt timeout (the plugin runs
 *   with EUROSTACK_REQUEST_TIMEOUT_MS lowered). The client gives up and the sandbox then drops the request without
 *   acting, which the client cannot know: for a POST it must look for its result before sending it again. (A server
 *   that acts after the client's look-up cannot be told from one that never acted without an idempotency key, which
 *   none of these APIs offers; the sandbox does not model that.)
 * - Token expiry: Numspot access tokens are revoked at seeded moments (and live only TOKEN_TTL_S); Scaleway, the
 *   legacy account API, Sojobo and WStore take static keys, basic auth or static tokens, which cannot expire.
 * - Late async changes: Sojobo 202s land after `changeDelayMs`; Numspot spaces and OpenShift operations finish after
 *   their timing options; the ranges are drawn per change.
 */
import type { FaultRule, RecordedRequest, Sandbox, SandboxOptions, SystemName } from "../../src/sandbox";
import { SYSTEM_NAMES } from "../../src/sandbox";
import { TOKEN_PATH } from "../../src/sandbox/numspot/token";

export const FAULT_RATE = 0.1;
/** The plugin's per-attempt timeout during the soak, and how long a slow answer takes. */
export const REQUEST_TIMEOUT_MS = 1_000;
export const SLOW_ANSWER_MS = 1_300;
export const TOKEN_TTL_S = 4;

export const FAULT_KINDS = [
  "429-retry-after",
  "5xx",
  "reset-before",
  "reset-after",
  "slow-answer",
  "token-expiry",
  "late-async",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const INJECTED: { kind: FaultKind; rule: Omit<FaultRule, "probability" | "times"> }[] = [
  { kind: "429-retry-after", rule: { status: 429, retryAfterSeconds: 1 } },
  { kind: "5xx", rule: { status: 503 } },
  { kind: "reset-before", rule: { reset: "before" } },
  { kind: "reset-after", rule: { reset: "after" } },
  { kind: "slow-answer", rule: { delayMs: SLOW_ANSWER_MS } },
];

/** The sandbox's timing options: every asynchronous change lands late, by a drawn delay. */
export function asyncTimings(random: () => number): SandboxOptions {
  return {
    numspot: {
      queuedMs: 30,
      runningMs: [50, 400],
      operationPendingMs: 30,
      operationRunningMs: [50, 400],
      tokenTtlSeconds: TOKEN_TTL_S,
      random,
    },
    juju: {
      changeDelayMs: [20, 400],
      controllers: [
        { name: "eurostack", type: "google", models: ["controller", "default"] },
        { name: "second", type: "aws", models: ["default"] },
      ],
      random,
    },
  };
}

/** One POST per system whose answer is lost after the server acted: the lost-create path, whatever the dice say. */
const LOST_CREATES: FaultRule[] = (
  [
    { system: "scaleway", path: "/iam/v1alpha1/applications" },
    { system: "account", path: /\/invites$/ },
    { system: "numspot", path: /^\/iam\/organisations\/[^/]+\/users$/ },
    { system: "juju", path: "/users" },
    { system: "fiware", path: "/api/administration/units" },
  ] as { system: SystemName; path: string | RegExp }[]
).map((rule) => ({ ...rule, method: "POST", reset: "after" }));

/**
 * Turns the faults on. Each kind gets FAULT_RATE / 5 of all requests: a rule is only consulted when the ones before
 * it did not fire, hence the growing probabilities.
 */
export function injectFaults(sandbox: Sandbox): void {
  for (const rule of LOST_CREATES) sandbox.faults.add(rule);
  const share = FAULT_RATE / INJECTED.length;
  INJECTED.forEach(({ rule }, i) => {
    sandbox.faults.add({ ...rule, times: Number.POSITIVE_INFINITY, probability: share / (1 - share * i) });
  });
}

/** Revokes every Numspot access token now (what an expiry or a revocation looks like to the client). */
export function revokeNumspotTokens(sandbox: Sandbox): number {
  const revoked = sandbox.state.numspot.tokens.size;
  sandbox.state.numspot.tokens.clear();
  return revoked;
}

/** Which fault kind a recorded request was given, if any. */
export function faultOf(request: RecordedRequest): FaultKind | undefined {
  switch (request.faulted) {
    case "status":
      return request.status === 429 ? "429-retry-after" : "5xx";
    case "reset-before":
    case "reset-after":
      return request.faulted;
    case "delay":
      return "slow-answer";
  }
  if (request.system === "numspot" && request.status === 401 && request.path !== TOKEN_PATH) return "token-expiry";
  if (isLateAsync(request)) return "late-async";
  return undefined;
}

/** An answer that started work landing later: a Sojobo 202, a Numspot space or OpenShift write. */
function isLateAsync(request: RecordedRequest): boolean {
  if (request.status < 200 || request.status >= 300 || request.method === "GET") return false;
  if (request.system === "juju") return request.status === 202;
  if (request.system !== "numspot") return false;
  return (request.method === "POST" && /\/spaces$/.test(request.path)) || request.path.startsWith("/openshift/");
}

export type FaultCounts = Record<FaultKind, Record<SystemName, number>>;

export function countFaults(requests: readonly RecordedRequest[]): FaultCounts {
  const counts = Object.fromEntries(
    FAULT_KINDS.map((kind) => [kind, Object.fromEntries(SYSTEM_NAMES.map((s) => [s, 0]))]),
  ) as FaultCounts;
  for (const request of requests) {
    const kind = faultOf(request);
    if (kind) counts[kind][request.system]++;
  }
  return counts;
}
