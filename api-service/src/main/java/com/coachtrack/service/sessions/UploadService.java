package com.coachtrack.service.sessions;

import com.coachtrack.activities.audio.AudioProbe;
import com.coachtrack.activities.audio.ProbeResult;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.temporal.WorkflowGateway;
import com.coachtrack.store.NewSession;
import com.coachtrack.store.SessionRow;
import com.coachtrack.store.SessionStatusWriter;
import com.coachtrack.workflows.TaskQueues;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.StatusMessages;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an upload into a session: stream the file to disk (refusing oversize bodies as they
 * arrive), probe it by content, and only then create the row and start the workflow. Anything
 * refused leaves nothing behind.
 */
public final class UploadService {
  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
  private static final int MAX_TITLE_CHARS = 300;
  private static final long MULTIPART_OVERHEAD_BYTES = 64 * 1024;

  private final SessionStatusWriter sessions;
  private final BlobStore store;
  private final Path incomingDir;
  private final long maxBytes;
  private final String engine;
  private final WorkflowGateway workflows;
  private final AudioProbe probe;
  private final Clock clock;

  public UploadService(
      SessionStatusWriter sessions,
      BlobStore store,
      Path incomingDir,
      long maxBytes,
      String engine,
      WorkflowGateway workflows,
      AudioProbe probe,
      Clock clock) {
    this.sessions = sessions;
    this.store = store;
    this.incomingDir = incomingDir;
    this.maxBytes = maxBytes;
    this.engine = engine;
    this.workflows = workflows;
    this.probe = probe;
    this.clock = clock;
  }

  public UUID accept(HttpServletRequest request, String coachId) {
    String contentType = request.getContentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new ApiException(
          415,
          "not_multipart",
          "Send the recording as multipart/form-data with the file in a field named 'audio'.");
    }
    long declared = request.getContentLengthLong();
    if (declared > maxBytes + MULTIPART_OVERHEAD_BYTES) {
      throw tooLarge();
    }
    if (declared == 0) {
      throw missingAudio("The request was empty.");
    }
    Upload upload = null;
    try {
      upload = receive(request);
      ProbeResult probed = probe.probe(upload.file());
      if (!probed.ok()) {
        throw refused(probed);
      }
      UUID id = create(upload, coachId, probed);
      upload = null;
      return id;
    } catch (FileUploadException e) {
      throw new ApiException(
          400,
          "malformed_upload",
          "The upload was cut off or is not valid multipart/form-data. Try uploading the file again.");
    } catch (IOException e) {
      throw new ApiException(
          400, "upload_interrupted", "The upload was interrupted before it finished. Try again.");
    } finally {
      if (upload != null) {
        deleteQuietly(upload.file());
      }
    }
  }

  private Upload receive(HttpServletRequest request) throws IOException {
    JakartaServletFileUpload<?, ?> parser = new JakartaServletFileUpload<>();
    FileItemInputIterator items = parser.getItemIterator(request);
    Path file = null;
    String filename = null;
    String title = null;
    long size = 0;
    try {
      while (items.hasNext()) {
        FileItemInput item = items.next();
        try (InputStream in = item.getInputStream()) {
          if ("audio".equals(item.getFieldName()) && !item.isFormField() && file == null) {
            Files.createDirectories(incomingDir);
            file = Files.createTempFile(incomingDir, "upload-", ".part");
            filename = item.getName();
            size = copyLimited(in, file);
          } else if ("title".equals(item.getFieldName()) && item.isFormField()) {
            title = new String(in.readNBytes(MAX_TITLE_CHARS * 4), StandardCharsets.UTF_8);
          } else {
            in.transferTo(OutputStream.nullOutputStream());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (file != null) {
        deleteQuietly(file);
      }
      throw e;
    }
    if (file == null) {
      throw missingAudio("No file was sent in the 'audio' field.");
    }
    if (size == 0) {
      deleteQuietly(file);
      throw new ApiException(
          400,
          "empty_file",
          "The file is empty (0 bytes). Choose the recording again and re-upload it.");
    }
    return new Upload(file, size, FileNames.safe(filename), title);
  }

  private long copyLimited(InputStream in, Path file) throws IOException {
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        total += read;
        if (total > maxBytes) {
          deleteQuietly(file);
          throw tooLarge();
        }
        out.write(buffer, 0, read);
      }
    }
    return total;
  }

  private UUID create(Upload upload, String coachId, ProbeResult probe) throws IOException {
    UUID id = UUID.randomUUID();
    String sourceKey = BlobStore.uploadKey(id.toString());
    store.put(sourceKey, upload.file());
    Instant now = clock.instant();
    NewSession session =
        new NewSession(
            id,
            coachId,
            FileNames.title(upload.title(), upload.filename()),
            upload.filename(),
            sourceKey,
            upload.size(),
            probe.container() + "/" + probe.codec(),
            engine,
            TaskQueues.transcriptionWorkflowId(id.toString()),
            probe.durationSeconds(),
            StatusMessages.QUEUED,
            now);
    SessionRow row;
    try {
      row = sessions.create(session);
    } catch (RuntimeException e) {
      // The database refused: the stored file must not outlive the refusal.
      deleteFiles(id);
      throw e;
    }
    try {
      workflows.start(row, 1);
    } catch (RuntimeException e) {
      LOG.warn("Could not start the workflow of session {}: {}", id, e.toString());
      refuseWhole(id);
      throw new ApiException(
          503,
          "temporarily_unavailable",
          "Transcription is temporarily unavailable on our side. Nothing was saved; upload the file"
              + " again in a minute.",
          60);
    }
    try {
      sessions.runStarted(id);
    } catch (RuntimeException e) {
      // The run exists: the reconciler confirms it within minutes.
      LOG.warn("Session {}: its run started, the confirmation waits for the database", id);
    }
    return id;
  }

  /**
   * Removes what a refused upload stored. Should that fail too, the row stays unconfirmed and the
   * reconciler removes it (and its files) once it can, instead of starting it.
   */
  private void refuseWhole(UUID id) {
    deleteFiles(id);
    try {
      sessions.delete(id);
    } catch (RuntimeException e) {
      LOG.warn("Session {}: could not remove the refused upload's row yet: {}", id, e.toString());
    }
  }

  private void deleteFiles(UUID id) {
    try {
      store.deleteAll(BlobStore.sessionPrefix(id.toString()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Session {}: could not remove the refused upload's files yet: {}", id, e.toString());
    }
  }

  private ApiException refused(ProbeResult probe) {
    boolean unsupported = probe.errorCode() == ErrorCode.UNSUPPORTED_AUDIO;
    return new ApiException(
        unsupported ? 415 : 422,
        probe.errorCode().wireName(),
        probe.reason() + " " + probe.errorCode().nextSteps());
  }

  private ApiException tooLarge() {
    return new ApiException(
        413,
        "file_too_large",
        "The file is larger than "
            + (maxBytes / (1024 * 1024))
            + " MB. Upload a compressed format such as MP3 or M4A, or split the recording.");
  }

  private static ApiException missingAudio(String what) {
    return new ApiException(
        400, "missing_audio", what + " Attach the recording in a form field named 'audio'.");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete {}", file, e);
    }
  }

  private record Upload(Path file, long size, String filename, String title) {}
}
