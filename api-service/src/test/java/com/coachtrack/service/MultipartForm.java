package com.coachtrack.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body built part by part, as a browser or curl would send it. */
final class MultipartForm {
  private final String boundary = "----coachtrack" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  MultipartForm field(String name, String value) {
    return field(name, value.getBytes(StandardCharsets.UTF_8));
  }

  MultipartForm field(String name, byte[] value) {
    write(partHead(name, null));
    body.writeBytes(value);
    write("\r\n");
    return this;
  }

  MultipartForm file(String name, String filename, byte[] content) {
    write(partHead(name, filename));
    body.writeBytes(content);
    write("\r\n");
    return this;
  }

  /** The head of a file part whose content the caller streams itself. */
  byte[] openFile(String name, String filename) {
    return partHead(name, filename).getBytes(StandardCharsets.UTF_8);
  }

  /** The head of a plain field whose value the caller streams itself. */
  byte[] openField(String name) {
    return partHead(name, null).getBytes(StandardCharsets.UTF_8);
  }

  /** The body so far, closed with the final boundary. */
  byte[] bytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(body.toByteArray());
    all.writeBytes(closing());
    return all.toByteArray();
  }

  byte[] closing() {
    return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private String partHead(String name, String filename) {
    return "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\""
        + (filename == null
            ? "\r\n\r\n"
            : "; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
  }

  private void write(String text) {
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
