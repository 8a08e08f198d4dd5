package com.coachtrack.workflows;

import com.coachtrack.workflows.activities.WebhookDeliveryRequest;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One webhook delivery, from the first attempt to delivered or given up. A workflow per delivery
 * keeps its retries in Temporal, so a restart of every process loses none of them.
 */
@WorkflowInterface
public interface WebhookDeliveryWorkflow {

  /**
   * @return {@code delivered}, {@code skipped} (the endpoint went away) or {@code failed}
   */
  @WorkflowMethod(name = "WebhookDelivery")
  String deliver(WebhookDeliveryRequest request);
}
