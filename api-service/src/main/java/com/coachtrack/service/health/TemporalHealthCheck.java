package com.coachtrack.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/** Temporal answers: without it no upload can start and no status moves. */
public class TemporalHealthCheck extends HealthCheck {
  private final WorkflowServiceStubs service;

  public TemporalHealthCheck(WorkflowServiceStubs service) {
    this.service = service;
  }

  @Override
  protected Result check() {
    service
        .blockingStub()
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    return Result.healthy();
  }
}
