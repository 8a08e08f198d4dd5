package com.coachtrack.service.resources;

import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimited;
import com.coachtrack.service.api.BatchStatusView;
import com.coachtrack.service.api.HistoryEntryView;
import com.coachtrack.service.api.HistoryView;
import com.coachtrack.service.api.SessionList;
import com.coachtrack.service.api.SessionStatusView;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.sessions.ListCursor;
import com.coachtrack.service.sessions.SessionCommands;
import com.coachtrack.service.sessions.SessionIds;
import com.coachtrack.service.sessions.UploadService;
import com.coachtrack.service.status.PollAnswer;
import com.coachtrack.service.status.StatusAnswers;
import com.coachtrack.service.status.StatusPoll;
import com.coachtrack.service.status.StatusPollFilter;
import com.coachtrack.service.transcripts.TranscriptFormat;
import com.coachtrack.service.transcripts.TranscriptFormatter;
import com.coachtrack.store.HistoryDao;
import com.coachtrack.store.SessionQueries;
import com.coachtrack.store.StatusRow;
import com.coachtrack.store.TranscriptStore;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.status.SessionStatus;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The coach's sessions: upload, status (single, batch, list), history, transcript, retry, cancel
 * and delete.
 */
@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {
  static final int MAX_BATCH = 100;
  static final int MAX_PAGE = 100;

  private final Jdbi jdbi;
  private final UploadService uploads;
  private final SessionCommands commands;
  private final StatusAnswers answers;
  private final StatusPoll poll;
  private final TranscriptStore transcripts;

  public SessionsResource(
      Jdbi jdbi,
      UploadService uploads,
      SessionCommands commands,
      StatusAnswers answers,
      StatusPoll poll,
      TranscriptStore transcripts) {
    this.jdbi = jdbi;
    this.uploads = uploads;
    this.commands = commands;
    this.answers = answers;
    this.poll = poll;
    this.transcripts = transcripts;
  }

  @POST
  @Timed(name = "upload")
  @RateLimited(Budget.WRITE)
  public Response upload(
      @Parameter(hidden = true) @Auth Coach coach,
      @Context HttpServletRequest request,
      @Context UriInfo uri) {
    UUID id = uploads.accept(request, coach.id());
    SessionStatusView view = answers.view(find(id, coach));
    return Response.created(
            uri.getBaseUriBuilder().path(SessionsResource.class).path(id + "/status").build())
        .entity(view)
        .build();
  }

  /** The coach's sessions; an operator may ask for everyone's with {@code ?scope=all}. */
  @GET
  @Timed(name = "list")
  @RateLimited(Budget.READ)
  public SessionList list(
      @Parameter(hidden = true) @Auth Coach coach,
      @QueryParam("scope") String scope,
      @QueryParam("status") String status,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    String statusFilter = parseStatusFilter(status);
    int pageSize = pageSize(limit);
    ListCursor after = ListCursor.parse(cursor);
    boolean everyone = everyone(coach, scope);
    List<StatusRow> rows =
        jdbi.withExtension(
            SessionQueries.class,
            q ->
                everyone
                    ? q.listAll(
                        statusFilter,
                        after == null ? null : after.createdAt(),
                        after == null ? null : after.id(),
                        pageSize + 1)
                    : q.listForCoach(
                        coach.id(),
                        statusFilter,
                        after == null ? null : after.createdAt(),
                        after == null ? null : after.id(),
                        pageSize + 1));
    boolean more = rows.size() > pageSize;
    List<StatusRow> page = more ? rows.subList(0, pageSize) : rows;
    String next = more ? ListCursor.of(page.get(page.size() - 1).session()).encode() : null;
    return new SessionList(page.stream().map(answers::view).toList(), next);
  }

  @GET
  @Path("status")
  @Timed(name = "batch-status")
  @RateLimited(Budget.READ)
  public BatchStatusView batchStatus(
      @Parameter(hidden = true) @Auth Coach coach, @QueryParam("ids") String ids) {
    if (ids == null || ids.isBlank()) {
      throw new ApiException(
          400, "missing_ids", "Give the session ids as ?ids=ID1,ID2 (up to 100).");
    }
    Set<String> requested = new LinkedHashSet<>(Arrays.asList(ids.split(",")));
    requested.removeIf(String::isBlank);
    if (requested.isEmpty()) {
      throw new ApiException(
          400, "missing_ids", "Give the session ids as ?ids=ID1,ID2 (up to 100).");
    }
    if (requested.size() > MAX_BATCH) {
      throw new ApiException(
          400, "too_many_ids", "Ask for at most " + MAX_BATCH + " sessions at once.");
    }
    List<UUID> parsed = requested.stream().map(String::strip).map(SessionIds::parse).toList();
    List<SessionStatusView> found =
        jdbi
            .withExtension(SessionQueries.class, q -> q.findManyForCoach(coach.id(), parsed))
            .stream()
            .map(answers::view)
            .toList();
    Set<String> foundIds = new LinkedHashSet<>();
    found.forEach(view -> foundIds.add(view.sessionId()));
    List<String> missing =
        parsed.stream().map(UUID::toString).filter(id -> !foundIds.contains(id)).toList();
    return new BatchStatusView(found, missing);
  }

  /** Usually answered by {@link StatusPollFilter} before Jersey; both run {@link StatusPoll}. */
  @GET
  @Path("{id}/status")
  public Response status(
      @Parameter(hidden = true) @Auth Coach coach,
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    PollAnswer answer = poll.answer(coach, id, ifNoneMatch);
    Response.ResponseBuilder response =
        answer.notModified()
            ? Response.notModified()
            : Response.ok(answer.body(), MediaType.APPLICATION_JSON_TYPE);
    return response.header(HttpHeaders.ETAG, answer.entityTag()).build();
  }

  @GET
  @Path("{id}/history")
  @Timed(name = "history")
  @RateLimited(Budget.READ)
  public HistoryView history(
      @Parameter(hidden = true) @Auth Coach coach, @PathParam("id") String id) {
    UUID sessionId = SessionIds.parse(id);
    find(sessionId, coach);
    List<HistoryEntryView> entries =
        jdbi.withExtension(HistoryDao.class, dao -> dao.forSession(sessionId)).stream()
            .map(
                row ->
                    new HistoryEntryView(
                        row.fromStatus(),
                        row.toStatus(),
                        row.at(),
                        row.attempt(),
                        row.message(),
                        row.errorCode(),
                        row.actor()))
            .toList();
    return new HistoryView(sessionId.toString(), entries);
  }

  @GET
  @Path("{id}/transcript")
  @Produces({
    MediaType.APPLICATION_JSON,
    MediaType.TEXT_PLAIN,
    "text/vtt",
    "application/x-subrip",
    MediaType.WILDCARD
  })
  @Timed(name = "transcript")
  @RateLimited(Budget.READ)
  public Response transcript(
      @Parameter(hidden = true) @Auth Coach coach,
      @PathParam("id") String id,
      @QueryParam("format") String format) {
    UUID sessionId = SessionIds.parse(id);
    TranscriptFormat chosen =
        TranscriptFormat.parse(format)
            .orElseThrow(
                () ->
                    new ApiException(
                        400, "invalid_format", "format must be one of txt, srt, vtt or json."));
    // A transcript is the coach's conversation: an operator's role does not extend to reading it.
    StatusRow row = answers.findOwn(sessionId, coach);
    if (!SessionStatus.COMPLETED.wireName().equals(row.session().status())) {
      throw new ApiException(
          409,
          "transcript_not_ready",
          "The transcript is not ready: this session is "
              + row.session().status()
              + ". Check its status and download once it is completed.");
    }
    List<Word> words =
        transcripts
            .words(sessionId)
            .orElseThrow(
                () ->
                    new IllegalStateException("Completed session without transcript " + sessionId));
    String body =
        TranscriptFormatter.format(
            chosen,
            sessionId.toString(),
            row.session().title(),
            row.session().durationTotal(),
            words);
    return Response.ok(body, chosen.mediaType())
        .header(
            "Content-Disposition",
            "attachment; filename=\"transcript-" + sessionId + "." + chosen.extension() + "\"")
        .build();
  }

  @POST
  @Path("{id}/retry")
  @Timed(name = "retry")
  @RateLimited(Budget.WRITE)
  public Response retry(@Parameter(hidden = true) @Auth Coach coach, @PathParam("id") String id) {
    UUID sessionId = SessionIds.parse(id);
    commands.retry(find(sessionId, coach).session(), coach.actor());
    answers.changed(sessionId);
    return Response.accepted(answers.view(find(sessionId, coach))).build();
  }

  @POST
  @Path("{id}/cancel")
  @Timed(name = "cancel")
  @RateLimited(Budget.WRITE)
  public Response cancel(@Parameter(hidden = true) @Auth Coach coach, @PathParam("id") String id) {
    UUID sessionId = SessionIds.parse(id);
    commands.cancel(find(sessionId, coach).session(), coach.actor());
    answers.changed(sessionId);
    return Response.accepted(answers.view(find(sessionId, coach))).build();
  }

  /**
   * Deletes a finished session with its recording and transcript, freeing the coach's storage
   * quota. A pending or processing session must be cancelled first (409 {@code not_final}).
   */
  @DELETE
  @Path("{id}")
  @Timed(name = "delete")
  @RateLimited(Budget.WRITE)
  public Response delete(@Parameter(hidden = true) @Auth Coach coach, @PathParam("id") String id) {
    UUID sessionId = SessionIds.parse(id);
    commands.delete(find(sessionId, coach).session(), coach.actor());
    answers.changed(sessionId);
    return Response.noContent().build();
  }

  private StatusRow find(UUID id, Coach coach) {
    return answers.find(id, coach);
  }

  private static boolean everyone(Coach coach, String scope) {
    if (scope == null || scope.isBlank() || scope.strip().equals("mine")) {
      return false;
    }
    if (!scope.strip().equals("all")) {
      throw new ApiException(400, "invalid_scope", "scope must be mine or all.");
    }
    if (!coach.operator()) {
      throw new ApiException(
          403, "operators_only", "Only operators may list every coach's sessions.");
    }
    return true;
  }

  private static int pageSize(String limit) {
    if (limit == null || limit.isBlank()) {
      return 50;
    }
    try {
      int size = Integer.parseInt(limit.strip());
      if (size >= 1 && size <= MAX_PAGE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new ApiException(
        400, "invalid_limit", "limit must be a whole number between 1 and " + MAX_PAGE + ".");
  }

  private static String parseStatusFilter(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return SessionStatus.fromWireName(status.strip()).wireName();
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          400,
          "invalid_status",
          "status must be one of pending, processing, completed, failed or cancelled.");
    }
  }
}
