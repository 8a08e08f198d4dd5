package com.coachtrack.service.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The web app's pages; their scripts and styles are served by the assets bundle under /assets. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PagesResource {
  private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

  @GET
  public Response dashboard() {
    return page("index.html");
  }

  @GET
  @Path("sessions/{id}")
  public Response session(@PathParam("id") String id) {
    return page("session.html");
  }

  @GET
  @Path("settings")
  public Response settings() {
    return page("settings.html");
  }

  /** Where an operator's one-time link ({@code /set-password?token=...}) lands. */
  @GET
  @Path("set-password")
  public Response setPassword() {
    return page("set-password.html");
  }

  @GET
  @Path("help/troubleshooting")
  public Response troubleshooting() {
    return page("troubleshooting.html");
  }

  private Response page(String name) {
    byte[] html = pages.computeIfAbsent(name, PagesResource::load);
    return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
        .header("Cache-Control", "no-cache")
        .build();
  }

  private static byte[] load(String name) {
    try (InputStream in = PagesResource.class.getResourceAsStream("/assets/" + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing page " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
