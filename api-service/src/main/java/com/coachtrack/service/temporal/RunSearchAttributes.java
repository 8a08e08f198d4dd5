package com.coachtrack.service.temporal;

import com.coachtrack.store.SessionRow;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search attributes that let an operator find a coach's run in the Temporal UI in seconds ({@code
 * CoachId = "ana"}). Registered at start where the server allows; Temporal's test server does not,
 * and then runs carry only their memo.
 */
public final class RunSearchAttributes {
  private static final Logger LOG = LoggerFactory.getLogger(RunSearchAttributes.class);
  static final SearchAttributeKey<String> COACH = SearchAttributeKey.forKeyword("CoachId");
  static final SearchAttributeKey<String> SESSION = SearchAttributeKey.forKeyword("SessionId");
  static final SearchAttributeKey<String> ENGINE = SearchAttributeKey.forKeyword("Engine");
  static final SearchAttributeKey<Double> AUDIO_SECONDS =
      SearchAttributeKey.forDouble("AudioSeconds");

  private volatile boolean available;

  /** Never fails start-up: a server without the operator API just means no search attributes. */
  public void register(WorkflowServiceStubs service, String namespace) {
    try {
      OperatorServiceStubs operator =
          OperatorServiceStubs.newServiceStubs(
              OperatorServiceStubsOptions.newBuilder()
                  .setChannel(service.getRawChannel())
                  .validateAndBuildWithDefaults());
      var existing =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap();
      Map<String, IndexedValueType> missing = new HashMap<>();
      for (SearchAttributeKey<?> key :
          new SearchAttributeKey<?>[] {COACH, SESSION, ENGINE, AUDIO_SECONDS}) {
        if (!existing.containsKey(key.getName())) {
          missing.put(key.getName(), key.getValueType());
        }
      }
      if (!missing.isEmpty()) {
        operator
            .blockingStub()
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putAllSearchAttributes(missing)
                    .build());
      }
      available = true;
    } catch (RuntimeException e) {
      LOG.info(
          "Temporal search attributes unavailable here ({}); runs carry a memo only",
          e.getMessage());
      available = false;
    }
  }

  public boolean available() {
    return available;
  }

  SearchAttributes of(SessionRow session) {
    return SearchAttributes.newBuilder()
        .set(COACH, session.coachId())
        .set(SESSION, session.id().toString())
        .set(ENGINE, session.engine())
        .set(AUDIO_SECONDS, session.durationTotal())
        .build();
  }
}
