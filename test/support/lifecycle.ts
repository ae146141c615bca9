/**
 * A small stand-in for the Pulumi engine: `up`, `preview`, `refresh`, `destroy` of a program against the real
 * dynamic-provider plugin (test/support/plugin.ts), over a JSON state (test/support/state.ts). The real engine
 * cannot be installed here; this plays its part closely enough to run example programs end to end.
 *
 * ```ts
 * const plugin = await startPlugin();
 * const stateFile = path.join(tmp, "state.json");
 * const first = await up(() => { new eurostack.scaleway.Application("ci", { name: "ci" }); },
 *   { state: stateFile, plugin, config: { "scaleway:secretKey": key }, secretKeys: ["scaleway:secretKey"] });
 * first.summary.creates;                           // 1
 * (await up(sameProgram, { state: stateFile, plugin })).summary.changes;   // 0
 * const plan = await preview(() => { ... unknown<string>() ... }, { state: stateFile, plugin });
 * await refresh({ state: stateFile, plugin });
 * await destroy({ state: stateFile, plugin });
 * ```
 *
 * The engine's steps, per custom resource the program registers (all run concurrently, as registrations arrive):
 * - Check(olds = prior inputs or {}, news). Failures fail the deployment ("<urn>: <property>: <reason>").
 * - New → Create. Existing → Diff(id, olds = prior OUTPUTS, news = checked inputs, oldInputs): "none" → same
 *   (inputs refreshed, outputs kept; a resource with init errors is updated anyway); "unknown" → the engine's own
 *   comparison of old and new inputs; "some" without replaces → Update(id, olds = prior outputs, news);
 *   replaces → delete-before-replace (Delete old, Create new) when the diff or the resource option asks for it,
 *   otherwise Create new now and Delete old after the program.
 * - The program receives the real id and outputs, secret where the engine would make them secret
 *   (`additionalSecretOutputs`, and outputs named like a secret input).
 * - After the program: Delete what the state has and the program no longer declared, in reverse dependency order.
 * - A failure stops new steps (later registrations are skipped; nothing is deleted), the state keeps what was
 *   done, and the call rejects with a {@link DeploymentError}. A Create/Update whose error carries `initFailed`
 *   records the object (id, outputs, `initErrors`) first.
 * Resource options honoured as the engine does: `deleteBeforeReplace`, `ignoreChanges` (old input values are sent
 * for ignored paths), `protect` (deleting or replacing fails), `retainOnDelete` (forgotten, not deleted),
 * `additionalSecretOutputs`. Resources read with `opts.id` (`Resource.get`) are Read, kept as `external`, never
 * deleted. Not modelled: aliases, providers other than the dynamic one, components' own state, targets.
 * Config: the first call on a plugin sends Configure (the engine configures each plugin process once); a later call
 * with a different config is refused (start a new plugin). Config is also visible to the program (`pulumi.Config`).
 */
import {
  applyIgnoreChanges,
  DeploymentError,
  deepEqual,
  describeError,
  type EngineOptions,
  engineDelete,
  ensureConfigured,
  type FailedStep,
  failureMessage,
  finish,
  isDynamic,
  newSummary,
  type PlannedStep,
  type PreviewResult,
  type StepOp,
  secretOutputKeys,
  stackUrn,
  toProgram,
  type UpResult,
} from "./lifecycle-steps";
import { containsSecret, type Plugin, PluginError, type PropertyMap, stripSecrets } from "./plugin";
import { type Program, type Registration, type RegistrationResult, runProgram } from "./program";
import { dependencyOrder, loadState, reveal, type StateFile, type StateResource, saveState, sealKeys } from "./state";

export { destroy, type RefreshOptions, refresh } from "./lifecycle-refresh";
export {
  DeploymentError,
  type EngineOptions,
  type FailedStep,
  type PlannedStep,
  type PreviewResult,
  type StepOp,
  type StepRecord,
  type Summary,
  type UpResult,
} from "./lifecycle-steps";

/** `pulumi up`. Rejects with a DeploymentError when a step fails. */
export async function up(program: Program, options: EngineOptions): Promise<UpResult> {
  const { plugin } = options;
  await ensureConfigured(options);
  const prior = loadState(options.state);
  const priorLive = prior.resources.filter((r) => !r.pendingDelete);
  const owedDeletes = prior.resources.filter((r) => r.pendingDelete);
  // The state as it evolves: entries are swapped in place when a resource changes, appended when new.
  let current = [...prior.resources];
  const summary = newSummary();
  const failed: FailedStep[] = [];
  const declared = new Set<string>();
  const replacedLater: StateResource[] = [];

  const persist = (): void => saveState(options.state, { resources: dependencyOrder(current) });
  const put = (entry: StateResource, old: StateResource | undefined): void => {
    const index = old ? current.indexOf(old) : -1;
    if (index >= 0) current[index] = entry;
    else current.push(entry);
    persist();
  };
  const drop = (old: StateResource): void => {
    current = current.filter((r) => r !== old);
    persist();
  };
  const step = (op: StepOp, urn: string, id: string): void => {
    summary.steps.push({ op, urn, id });
  };

  const register = async (reg: Registration): Promise<RegistrationResult> => {
    if (!isDynamic(reg)) {
      if (reg.type.startsWith("pulumi:providers:")) return { id: `${reg.name}-provider`, outputs: reg.wireInputs };
      failed.push({
        urn: reg.urn,
        message: `${reg.type} is not a dynamic resource; the test engine drives only those`,
      });
      return { id: "", outputs: {} };
    }
    declared.add(reg.urn);
    let old = priorLive.find((r) => r.urn === reg.urn && !r.external);
    if (failed.length > 0) return { id: old?.id ?? "", outputs: {} };
    const secretInputs = reg.secretInputs;
    const record = (
      id: string,
      inputs: PropertyMap,
      outputs: PropertyMap,
      initErrors?: string[],
    ): RegistrationResult => {
      const secretOutputs = secretOutputKeys(outputs, reg.additionalSecretOutputs, secretInputs);
      const entry: StateResource = {
        urn: reg.urn,
        type: reg.type,
        name: reg.name,
        id,
        inputs: sealKeys(inputs, secretInputs),
        outputs: sealKeys(outputs, secretOutputs),
        secretOutputs,
        secretInputs,
        additionalSecretOutputs: reg.additionalSecretOutputs,
        parent: reg.parent,
        dependencies: reg.dependencies,
      };
      if (reg.protect) entry.protect = true;
      if (reg.retainOnDelete) entry.retainOnDelete = true;
      if (initErrors && initErrors.length > 0) entry.initErrors = initErrors;
      put(entry, old);
      return { id, outputs: toProgram(outputs, secretOutputs) };
    };
    const recordInitFailure = (error: unknown, id: string, inputs: PropertyMap): boolean => {
      if (!(error instanceof PluginError) || !error.initFailed) return false;
      record(error.initFailed.id || id, inputs, error.initFailed.properties, error.initFailed.reasons);
      return true;
    };

    const oldInputs = old ? reveal(old.inputs) : {};
    const oldOutputs = old ? reveal(old.outputs) : {};
    const news = old ? applyIgnoreChanges(reg.inputs, oldInputs, reg.ignoreChanges) : reg.inputs;
    let checked: PropertyMap;
    try {
      const result = await plugin.check(reg.urn, oldInputs, news);
      if (result.failures.length > 0) {
        failed.push({ urn: reg.urn, message: failureMessage(result.failures), failures: result.failures });
        return { id: old?.id ?? "", outputs: {} };
      }
      checked = result.inputs;
    } catch (error) {
      failed.push({ urn: reg.urn, message: `check: ${describeError(error)}` });
      return { id: old?.id ?? "", outputs: {} };
    }

    if (!old) {
      try {
        const created = await plugin.create(reg.urn, checked);
        step("create", reg.urn, created.id);
        summary.creates++;
        return record(created.id, checked, created.properties);
      } catch (error) {
        if (recordInitFailure(error, "", checked)) summary.creates++;
        failed.push({ urn: reg.urn, message: `create: ${describeError(error)}` });
        return { id: "", outputs: {} };
      }
    }

    let diff: Awaited<ReturnType<Plugin["diff"]>>;
    try {
      diff = await plugin.diff(old.id, reg.urn, oldOutputs, checked, { oldInputs, ignoreChanges: reg.ignoreChanges });
    } catch (error) {
      failed.push({ urn: reg.urn, message: `diff: ${describeError(error)}` });
      return { id: old.id, outputs: {} };
    }
    let changes = diff.changes === "some";
    if (diff.changes === "unknown") changes = !deepEqual(oldInputs, checked);
    // The engine updates a resource left with init errors even when nothing changed.
    if (!changes && old.initErrors && old.initErrors.length > 0) changes = true;

    if (!changes) {
      step("same", reg.urn, old.id);
      summary.sames++;
      return record(old.id, checked, oldOutputs);
    }

    if (diff.changes === "some" && diff.replaces.length > 0) {
      if (old.protect) {
        failed.push({ urn: reg.urn, message: `replace (${diff.replaces.join(", ")}): the resource is protected` });
        return { id: old.id, outputs: {} };
      }
      summary.replaces++;
      const deleteFirst = diff.deleteBeforeReplace || reg.deleteBeforeReplace;
      if (deleteFirst) {
        try {
          await engineDelete(plugin, old);
        } catch (error) {
          failed.push({ urn: reg.urn, message: `delete before replace: ${describeError(error)}` });
          return { id: old.id, outputs: {} };
        }
        step("delete-replaced", reg.urn, old.id);
        drop(old);
        old = undefined;
      }
      try {
        const created = await plugin.create(reg.urn, checked);
        step("create-replacement", reg.urn, created.id);
        if (old) {
          // Create-before-delete: the old object stays in the state, owed a delete after the program.
          const owed = { ...old, pendingDelete: true };
          current.push(owed);
          replacedLater.push(owed);
        }
        return record(created.id, checked, created.properties);
      } catch (error) {
        recordInitFailure(error, "", checked);
        failed.push({ urn: reg.urn, message: `create replacement: ${describeError(error)}` });
        return { id: "", outputs: {} };
      }
    }

    try {
      const updated = await plugin.update(old.id, reg.urn, oldOutputs, checked, {
        oldInputs,
        ignoreChanges: reg.ignoreChanges,
      });
      step("update", reg.urn, old.id);
      summary.updates++;
      return record(old.id, checked, updated.properties);
    } catch (error) {
      if (recordInitFailure(error, old.id, checked)) summary.updates++;
      failed.push({ urn: reg.urn, message: `update: ${describeError(error)}` });
      return { id: old.id, outputs: {} };
    }
  };

  const read = async (reg: Registration): Promise<RegistrationResult> => {
    declared.add(reg.urn);
    if (failed.length > 0) return { id: reg.readId, outputs: {} };
    try {
      const result = await plugin.read(reg.readId, reg.urn, {}, reg.inputs);
      if (result.id === "") throw new Error(`resource ${reg.readId} does not exist`);
      step("read", reg.urn, result.id);
      summary.reads++;
      const secretOutputs = secretOutputKeys(result.properties, reg.additionalSecretOutputs, reg.secretInputs);
      const entry: StateResource = {
        urn: reg.urn,
        type: reg.type,
        name: reg.name,
        id: result.id,
        inputs: sealKeys(result.inputs ?? reg.inputs, reg.secretInputs),
        outputs: sealKeys(result.properties, secretOutputs),
        secretOutputs,
        secretInputs: reg.secretInputs,
        additionalSecretOutputs: reg.additionalSecretOutputs,
        parent: reg.parent,
        dependencies: reg.dependencies,
        external: true,
      };
      put(
        entry,
        current.find((r) => r.urn === reg.urn && r.external),
      );
      return { id: result.id, outputs: toProgram(result.properties, secretOutputs) };
    } catch (error) {
      failed.push({ urn: reg.urn, message: `read: ${describeError(error)}` });
      return { id: reg.readId, outputs: {} };
    }
  };

  let run: Awaited<ReturnType<typeof runProgram>> | undefined;
  try {
    run = await runProgram(program, {
      project: plugin.project,
      stack: plugin.stack,
      config: options.config,
      secretKeys: options.secretKeys,
      register,
      read,
    });
  } catch (error) {
    failed.push({ urn: stackUrn(plugin), message: `the program failed: ${describeError(error)}` });
  }

  if (failed.length === 0) {
    // Replaced objects (create-before-delete) and owed deletes first, then what the program dropped, dependents
    // before their dependencies.
    const unreferenced = priorLive.filter((r) => !declared.has(r.urn));
    const owed = [...replacedLater, ...owedDeletes];
    for (const old of [...owed, ...dependencyOrder(unreferenced).reverse()]) {
      try {
        await engineDelete(plugin, old);
      } catch (error) {
        failed.push({ urn: old.urn, message: `delete: ${describeError(error)}` });
        break;
      }
      if (owed.includes(old)) {
        step("delete-replaced", old.urn, old.id);
      } else if (!old.external) {
        step("delete", old.urn, old.id);
        summary.deletes++;
      }
      drop(old);
    }
  }

  const state: StateFile = { resources: dependencyOrder(current) };
  saveState(options.state, state);
  finish(summary);
  if (failed.length > 0) throw new DeploymentError("up", failed, summary, state);
  const exportsWire = run?.exports ?? {};
  return {
    summary,
    state,
    exports: stripSecrets(exportsWire),
    secretExports: Object.keys(exportsWire).filter((k) => containsSecret(exportsWire[k])),
    registrations: run?.registrations ?? [],
  };
}

/**
 * `pulumi preview`: Check and Diff only, nothing is created or changed; values not known yet (see `unknown()` in
 * program.ts, and outputs of resources still to be created) reach the provider as the UNKNOWN sentinel.
 * Check failures are reported in the steps, not thrown; an RPC error rejects.
 */
export async function preview(program: Program, options: EngineOptions): Promise<PreviewResult> {
  const { plugin } = options;
  await ensureConfigured(options);
  const prior = loadState(options.state);
  const live = prior.resources.filter((r) => !r.pendingDelete && !r.external);
  const steps: PlannedStep[] = [];
  const seen = new Set<string>();
  const errors: FailedStep[] = [];

  const register = async (reg: Registration): Promise<RegistrationResult> => {
    if (!isDynamic(reg)) return { id: "", outputs: reg.wireInputs };
    seen.add(reg.urn);
    const old = live.find((r) => r.urn === reg.urn);
    const planned: PlannedStep = {
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      op: old ? "update" : "create",
      replaces: [],
      deleteBeforeReplace: false,
      failures: [],
    };
    steps.push(planned);
    try {
      const oldInputs = old ? reveal(old.inputs) : {};
      const news = old ? applyIgnoreChanges(reg.inputs, oldInputs, reg.ignoreChanges) : reg.inputs;
      const checked = await plugin.check(reg.urn, oldInputs, news);
      planned.failures = checked.failures;
      // As the engine answers a preview of a provider without preview support: the inputs stand for the outputs.
      const asOutputs = toProgram(checked.inputs, reg.secretInputs);
      if (checked.failures.length > 0 || !old) return { id: old?.id ?? "", outputs: asOutputs };
      const oldOutputs = reveal(old.outputs);
      const diff = await plugin.diff(old.id, reg.urn, oldOutputs, checked.inputs, {
        oldInputs,
        ignoreChanges: reg.ignoreChanges,
      });
      let changes = diff.changes === "some";
      if (diff.changes === "unknown") changes = !deepEqual(oldInputs, checked.inputs);
      if (!changes && old.initErrors && old.initErrors.length > 0) changes = true;
      if (!changes) {
        planned.op = "same";
        return { id: old.id, outputs: toProgram(oldOutputs, old.secretOutputs) };
      }
      if (diff.changes === "some" && diff.replaces.length > 0) {
        planned.op = "replace";
        planned.replaces = diff.replaces;
        planned.deleteBeforeReplace = diff.deleteBeforeReplace || reg.deleteBeforeReplace;
        return { id: "", outputs: asOutputs };
      }
      return { id: old.id, outputs: asOutputs };
    } catch (error) {
      errors.push({ urn: reg.urn, message: describeError(error) });
      return { id: old?.id ?? "", outputs: {} };
    }
  };

  let registrations: Registration[] = [];
  try {
    registrations = (
      await runProgram(program, {
        project: plugin.project,
        stack: plugin.stack,
        preview: true,
        config: options.config,
        secretKeys: options.secretKeys,
        register,
      })
    ).registrations;
  } catch (error) {
    errors.push({ urn: stackUrn(plugin), message: `the program failed: ${describeError(error)}` });
  }
  const stale = live.filter((r) => !seen.has(r.urn));
  for (const old of [...dependencyOrder(stale).reverse(), ...prior.resources.filter((r) => r.pendingDelete)]) {
    steps.push({
      urn: old.urn,
      type: old.type,
      name: old.name,
      op: "delete",
      replaces: [],
      deleteBeforeReplace: false,
      failures: [],
    });
  }
  const summary = {
    creates: steps.filter((s) => s.op === "create").length,
    updates: steps.filter((s) => s.op === "update").length,
    replaces: steps.filter((s) => s.op === "replace").length,
    deletes: steps.filter((s) => s.op === "delete").length,
    sames: steps.filter((s) => s.op === "same").length,
    changes: 0,
    failures: steps.reduce((n, s) => n + s.failures.length, 0),
  };
  summary.changes = summary.creates + summary.updates + summary.replaces + summary.deletes;
  if (errors.length > 0) throw new DeploymentError("preview", errors, { ...summary, reads: 0, steps: [] }, prior);
  return { steps, summary, registrations };
}
