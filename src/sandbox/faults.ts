import type { FaultRule, SystemName } from "./types";

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/** Fault rules in the order they were added; the first one that applies to a request is used (one per request). */
export class FaultRegistry {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number) {}

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new RangeError(`fault rule times must be > 0 (got ${times})`);
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new RangeError(`fault rule probability must be within [0, 1] (got ${rule.probability})`);
    }
    if (rule.status === undefined && rule.reset === undefined && rule.delayMs === undefined) {
      throw new TypeError("a fault rule needs status, reset or delayMs");
    }
    this.rules.push({ rule: { ...rule }, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that applies to this request, if any, counting it against the rule's `times`. */
  take(system: SystemName, method: string, path: string): FaultRule | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (!matches(rule, system, method, path)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      active.remaining--;
      if (active.remaining <= 0) this.rules = this.rules.filter((other) => other !== active);
      return rule;
    }
    return undefined;
  }
}

function matches(rule: FaultRule, system: SystemName, method: string, path: string): boolean {
  if (rule.system !== undefined && rule.system !== system) return false;
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === "string") return rule.path === path;
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}
