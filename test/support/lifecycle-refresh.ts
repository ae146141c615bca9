/**
 * `refresh` and `destroy`: the lifecycle driver's operations on the state alone (no program). Import them from
 * test/support/lifecycle.ts.
 */

import {
  DeploymentError,
  deepEqual,
  describeError,
  type EngineOptions,
  engineDelete,
  ensureConfigured,
  type FailedStep,
  finish,
  newSummary,
  type Summary,
  secretOutputKeys,
} from "./lifecycle-steps";
import { dependencyOrder, loadState, reveal, type StateFile, type StateResource, saveState, sealKeys } from "./state";

export interface RefreshOptions extends EngineOptions {
  /** Reads in flight at once. Default 16. */
  parallel?: number;
}

/**
 * `pulumi refresh`: Read(id, urn, outputs, inputs) for each resource; an empty id drops it from the state,
 * otherwise the new outputs (and inputs, when returned) are stored. `updates` counts resources whose outputs
 * changed (drift), `deletes` the ones gone, `sames` the rest.
 */
export async function refresh(options: RefreshOptions): Promise<{ summary: Summary; state: StateFile }> {
  const { plugin } = options;
  await ensureConfigured(options);
  const state = loadState(options.state);
  const summary = newSummary();
  const failed: FailedStep[] = [];
  const results = new Map<StateResource, StateResource | null>();
  const queue = [...state.resources];

  const worker = async (): Promise<void> => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const inputs = reveal(entry.inputs);
      const outputs = reveal(entry.outputs);
      try {
        const result = await plugin.read(entry.id, entry.urn, outputs, inputs);
        summary.steps.push({ op: "refresh", urn: entry.urn, id: entry.id });
        if (result.id === "") {
          summary.deletes++;
          results.set(entry, null);
          continue;
        }
        const newInputs = result.inputs ?? inputs;
        const secretOutputs = secretOutputKeys(
          result.properties,
          [...entry.additionalSecretOutputs, ...entry.secretOutputs],
          entry.secretInputs,
        );
        if (deepEqual(result.properties, outputs) && deepEqual(newInputs, inputs) && result.id === entry.id) {
          summary.sames++;
        } else {
          summary.updates++;
        }
        const { initErrors: _cleared, ...rest } = entry;
        results.set(entry, {
          ...rest,
          id: result.id,
          inputs: sealKeys(newInputs, entry.secretInputs),
          outputs: sealKeys(result.properties, secretOutputs),
          secretOutputs,
        });
      } catch (error) {
        failed.push({ urn: entry.urn, message: `read: ${describeError(error)}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 16) }, worker));

  const next: StateFile = {
    resources: state.resources.flatMap((r) => {
      const result = results.get(r);
      if (result === undefined) return [r];
      return result === null ? [] : [result];
    }),
  };
  saveState(options.state, next);
  finish(summary);
  if (failed.length > 0) throw new DeploymentError("refresh", failed, summary, next);
  return { summary, state: next };
}

/** `pulumi destroy`: Delete every resource, dependents first, then empty the state. */
export async function destroy(options: EngineOptions): Promise<{ summary: Summary; state: StateFile }> {
  const { plugin } = options;
  await ensureConfigured(options);
  const state = loadState(options.state);
  const summary = newSummary();
  let remaining = [...state.resources];
  for (const entry of dependencyOrder(state.resources).reverse()) {
    try {
      if (await engineDelete(plugin, entry)) {
        summary.steps.push({ op: "delete", urn: entry.urn, id: entry.id });
      }
      if (!entry.external) summary.deletes++;
      remaining = remaining.filter((r) => r !== entry);
      saveState(options.state, { resources: remaining });
    } catch (error) {
      const next = { resources: remaining };
      saveState(options.state, next);
      throw new DeploymentError(
        "destroy",
        [{ urn: entry.urn, message: `delete: ${describeError(error)}` }],
        finish(summary),
        next,
      );
    }
  }
  const next: StateFile = { resources: [] };
  saveState(options.state, next);
  return { summary: finish(summary), state: next };
}
