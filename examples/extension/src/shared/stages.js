// When a finding is premature: the rule that keeps the panel quiet while a record is still being
// filled in. A plain script: see tools.js.
//
// The rule, from the check's own data and the record's canonical state:
//  1. A check whose condition (`when`, after the packs' overrides) reads the record's `state`
//     already says in which states it applies; the engine does not report it before then, so
//     its findings are never held.
//  2. Any other check applies in every state, so the engine cannot tell that it is early. Its
//     PDCA phase says when the work it judges is done: `plan` and `do` checks judge the handling
//     of the record, which starts once the record leaves `new`; `check` and `act` checks judge
//     the outcome (SLA met, reassignments, follow-up of a major incident), which exists once the
//     record is resolved, closed or cancelled.
//  3. A finding whose record has not reached that stage waits: the panel shows it when the user
//     saves or resolves the record (the reader's save and resolve buttons are intercepted), or
//     when the state reaches the stage.
// Records without a ticket lifecycle (draft, active, retired) and unknown checks are never held.
(function (g) {
  const ns = (g.ISO20000 ??= {});

  /** How far a ticket's canonical state is in its life: logged, worked on, done. */
  const STAGE = { new: 0, in_progress: 1, on_hold: 1, resolved: 2, closed: 2, cancelled: 2 };
  /** The stage from which a check of each phase applies, and the state that stands for it. */
  const FROM_PHASE = { plan: 1, do: 1, check: 2, act: 2 };
  const STATE_OF_STAGE = ['new', 'in_progress', 'resolved'];

  /** Whether a JSON-logic condition reads the record's `state` (`{var: "state"}`, `{var: ["state", d]}`). */
  function readsState(node) {
    if (Array.isArray(node)) return node.some(readsState);
    if (!node || typeof node !== 'object') return false;
    for (const [op, arg] of Object.entries(node)) {
      if (op === 'var') {
        const name = Array.isArray(arg) ? arg[0] : arg;
        if (name === 'state') return true;
      } else if (readsState(arg)) return true;
    }
    return false;
  }

  /**
   * Each check's effective condition: the packs in stacking order (the built-in one first), an
   * override's `when` replacing the check's (`when: null` removes it). Map id → when | null.
   */
  function conditions(packs) {
    const out = new Map();
    for (const pack of packs) {
      if (!pack || typeof pack !== 'object') continue;
      for (const c of Array.isArray(pack.checks) ? pack.checks : []) {
        if (c && typeof c.id === 'string') out.set(c.id, c.when ?? null);
      }
      for (const o of Array.isArray(pack.overrides) ? pack.overrides : []) {
        if (o && typeof o.check === 'string' && out.has(o.check) && 'when' in o) out.set(o.check, o.when ?? null);
      }
    }
    return out;
  }

  /**
   * The state from which a finding applies when the record's `state` has not reached it yet
   * ('in_progress' or 'resolved'), else null (show it now).
   */
  function waitsFor(check, phase, state, conds) {
    const stage = STAGE[state];
    const from = FROM_PHASE[phase];
    if (stage === undefined || from === undefined || !conds.has(check)) return null;
    if (readsState(conds.get(check))) return null;
    return stage < from ? STATE_OF_STAGE[from] : null;
  }

  ns.stages = { readsState, conditions, waitsFor };
})(globalThis);
