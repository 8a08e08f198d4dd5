package com.coachtrack.service.sessions;

import com.coachtrack.activities.audio.AudioProbe;
import com.coachtrack.activities.audio.ProbeResult;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.service.disk.DiskGuard;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.quotas.Quotas;
import com.coachtrack.service.quotas.Reservation;
import com.coachtrack.service.temporal.WorkflowGateway;
import com.coachtrack.service.uploads.GuardedUpload;
import com.coachtrack.service.uploads.UploadGuard;
import com.coachtrack.service.uploads.UploadLimits;
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
 * Turns an upload into a session: stream the file to disk (refusing oversize bodies, and bodies the
 * disk has no room for, as they arrive), probe it by content, count it against the coach's quotas,
 * and only then create the row and start the workflow. Anything refused leaves nothing behind.
 */
public final class UploadService {
  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
  private static final int MAX_TITLE_CHARS = 300;

  private final SessionStatusWriter sessions;
  private final BlobStore store;
  private final Path incomingDir;
  private final long maxBytes;
  private final String engine;
  private final WorkflowGateway workflows;
  private final AudioProbe probe;
  private final Clock clock;
  private final DiskGuard disk;
  private final Quotas quotas;
  private final UploadGuard guard;

  public UploadService(
      SessionStatusWriter sessions,
      BlobStore store,
      Path incomingDir,
      long maxBytes,
      String engine,
      WorkflowGateway workflows,
      AudioProbe probe,
      Clock clock,
      DiskGuard disk,
      Quotas quotas,
      UploadGuard guard) {
    this.sessions = sessions;
    this.store = store;
    this.incomingDir = incomingDir;
    this.maxBytes = maxBytes;
    this.engine = engine;
    this.workflows = workflows;
    this.probe = probe;
    this.clock = clock;
    this.disk = disk;
    this.quotas = quotas;
    this.guard = guard;
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
    if (declared > maxBytes + UploadLimits.FORM_OVERHEAD_BYTES) {
      throw tooLarge();
    }
    if (declared == 0) {
      throw missingAudio("The request was empty.");
    }
    // Before anything of the body is read: a refused upload gives its thread back at once.
    GuardedUpload guarded = guard.admit(coachId);
    Upload upload = null;
    try {
      disk.requireRoomFor(declared);
      quotas.checkBeforeUpload(coachId, declared);
      upload = receive(request, guarded);
      ProbeResult probed = probe.probe(upload.file());
      if (!probed.ok()) {
        throw refused(probed);
      }
      guarded.checkLength(probed.durationSeconds());
      Reservation reserved = quotas.reserve(coachId, upload.size(), probed.durationSeconds());
      UUID id;
      try {
        id = create(upload, coachId, probed);
      } catch (IOException | RuntimeException e) {
        quotas.release(reserved);
        throw e;
      }
      upload = null;
      return id;
    } catch (FileUploadException e) {
      throw guarded
          .refusal(e)
          .orElseGet(
              () ->
                  new ApiException(
                      400,
                      "malformed_upload",
                      "The upload was cut off or is not valid multipart/form-data. Try uploading"
                          + " the file again."));
    } catch (IOException e) {
      ApiException diskFull = disk.refusalFor(e);
      if (diskFull != null) {
        throw diskFull;
      }
      throw guarded
          .refusal(e)
          .orElseGet(
              () ->
                  new ApiException(
                      400,
                      "upload_interrupted",
                      "The upload was interrupted before it finished. Try again."));
    } finally {
      guarded.close();
      if (upload != null) {
        deleteQuietly(upload.file());
      }
    }
  }

  private Upload receive(HttpServletRequest request, GuardedUpload guarded) throws IOException {
    JakartaServletFileUpload<?, ?> parser = new JakartaServletFileUpload<>();
    FileItemInputIterator items = parser.getItemIterator(guarded.body(request));
    Path file = null;
    String filename = null;
    String title = null;
    long size = 0;
    try {
      while (items.hasNext()) {
        FileItemInput item = items.next();
        guarded.part(item.getFieldName());
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
    try (OutputStream out = disk.watch(Files.newOutputStream(file))) {
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
