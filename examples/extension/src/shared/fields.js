// Where each tool keeps the canonical fields the checks read: a finding names "Resolution code",
// the form's own label, instead of the engine's path `incident.resolutionCode`. The engine's
// adapters (src/record/source/{servicenow,jira}.rs) read these fields; this table follows them
// (the wasm API does not expose the adapters' field lists). The instance context's `fields`
// (canonical path → the tool's field) comes first, as it does in the engine.
//
// A check on links (`hasLink`) names link relations; `links:<rel>` stands for the field that
// holds that link on the tool's form. A plain script: see tools.js.
(function (g) {
  const ns = (g.ISO20000 ??= {});

  /** canonical path → ServiceNow column names (the first one on the form is used). */
  const servicenow = {
    state: ['state', 'incident_state', 'problem_state'],
    priority: ['priority'],
    impact: ['impact'],
    urgency: ['urgency'],
    category: ['category'],
    assignmentGroup: ['assignment_group'],
    assignee: ['assigned_to'],
    openedAt: ['opened_at', 'sys_created_on'],
    updatedAt: ['sys_updated_on'],
    resolvedAt: ['resolved_at'],
    closedAt: ['closed_at'],
    approval: ['approval'],
    'incident.resolutionCode': ['close_code'],
    'incident.resolutionNotes': ['close_notes'],
    'incident.reopenCount': ['reopen_count'],
    'incident.reassignmentCount': ['reassignment_count'],
    'incident.major': ['major_incident_state'],
    'problem.rootCause': ['cause_notes'],
    'problem.workaround': ['workaround'],
    'problem.knownError': ['known_error'],
    'problem.fixNotes': ['fix_notes'],
    'change.type': ['type'],
    'change.risk': ['risk'],
    'change.implementationPlan': ['implementation_plan'],
    'change.backoutPlan': ['backout_plan'],
    'change.testPlan': ['test_plan'],
    'change.riskAnalysis': ['risk_impact_analysis'],
    'change.plannedStart': ['start_date'],
    'change.plannedEnd': ['end_date'],
    'change.actualStart': ['work_start'],
    'change.actualEnd': ['work_end'],
    'change.outcome': ['close_code'],
    'change.reviewAt': ['review_date'],
    'change.reviewNotes': ['review_comments'],
    'change.cabRequired': ['cab_required'],
    'change.unauthorized': ['unauthorized'],
    'request.item': ['cat_item'],
    'request.closeNotes': ['close_notes'],
    'links:affects_ci': ['cmdb_ci'],
    'links:service': ['business_service'],
    'links:problem': ['problem_id'],
    'links:fixed_by': ['rfc'],
    'links:caused_by': ['caused_by'],
    'links:incident': ['first_reported_by_task'],
    'links:parent': ['parent_incident', 'parent'],
    'links:duplicate_of': ['duplicate_of'],
  };

  /**
   * canonical path → Jira: system field ids, and the default field names the adapter looks up in
   * the issue's `names` (custom fields differ per site: their ids come from `names`).
   */
  const jira = {
    state: { ids: ['status'] },
    priority: { ids: ['priority'] },
    assignee: { ids: ['assignee'] },
    openedAt: { ids: ['created'] },
    updatedAt: { ids: ['updated'] },
    resolvedAt: { ids: ['resolutiondate'] },
    impact: { names: ['Impact'] },
    urgency: { names: ['Urgency'] },
    category: { names: ['Category'], ids: ['components'] },
    assignmentGroup: { names: ['Team', 'Assignment group', 'Assigned group'] },
    approval: { names: ['Approvals'] },
    'incident.resolutionCode': { ids: ['resolution'] },
    'incident.resolutionNotes': { names: ['Resolution notes'] },
    'incident.major': { names: ['Major incident'] },
    'problem.rootCause': { names: ['Root cause'] },
    'problem.workaround': { names: ['Workaround'] },
    'problem.knownError': { names: ['Known error'] },
    'problem.fixNotes': { names: ['Fix notes'] },
    'change.type': { names: ['Change type'] },
    'change.risk': { names: ['Change risk'] },
    'change.implementationPlan': { names: ['Implementation plan'] },
    'change.backoutPlan': { names: ['Backout plan', 'Backout/Rollback Plan', 'Rollback plan'] },
    'change.testPlan': { names: ['Test plan'] },
    'change.riskAnalysis': { names: ['Risk analysis', 'Risk assessment'] },
    'change.plannedStart': { names: ['Change start date', 'Planned start'] },
    'change.plannedEnd': { names: ['Change completion date', 'Planned end'] },
    'change.actualStart': { names: ['Actual start'] },
    'change.actualEnd': { names: ['Actual end'] },
    'change.outcome': { names: ['Change outcome'] },
    'links:service': { names: ['Affected services', 'Affected service'] },
    'links:affects_ci': { names: ['Affected hardware', 'Configuration items', 'Configuration item'] },
  };

  /** canonical path → GLPI form field names (the `name` of the input). */
  const glpi = {
    state: ['status'],
    priority: ['priority'],
    impact: ['impact'],
    urgency: ['urgency'],
    category: ['itilcategories_id'],
    openedAt: ['date'],
    resolvedAt: ['solvedate'],
    closedAt: ['closedate'],
    'change.backoutPlan': ['backoutplancontent'],
    'change.implementationPlan': ['rolloutplancontent'],
    'change.testPlan': ['checklistcontent'],
  };

  /**
   * The canonical fields a finding is about: those its explanation names (what the engine saw
   * fail), a link check as the fields holding each relation it accepts.
   */
  function findingFields(explanation) {
    const out = [];
    for (const step of explanation ?? []) {
      if (step.operator === 'hasLink' && Array.isArray(step.expected)) {
        for (const rel of step.expected) if (typeof rel === 'string') out.push(`links:${rel}`);
      } else if (typeof step.field === 'string' && step.field && step.field !== 'links') out.push(step.field);
    }
    return [...new Set(out)];
  }

  ns.fields = { servicenow, jira, glpi, findingFields };
})(globalThis);
