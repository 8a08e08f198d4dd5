package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a request proves who it is (see docs/operators.md, "Sign-in"). */
public class AuthSettings {
  /** local: built-in accounts; oidc: the platform's identity provider; header: a trusted proxy. */
  @NotNull
  @Pattern(regexp = "local|oidc|header", message = "must be local, oidc or header")
  private String mode = "local";

  /** Whether anyone may create a built-in account, or only operators ({@code coach add}). */
  @NotNull
  @Pattern(regexp = "open|closed", message = "must be open or closed")
  private String signup = "closed";

  /** Emails of built-in accounts that are operators, comma-separated. */
  private String operatorEmails = "";

  /**
   * Proxies whose X-Coach-Id (header mode) and X-Forwarded-Proto / -For are believed, as
   * comma-separated CIDR blocks.
   */
  private String trustedProxyCidrs = "";

  /** What a trusted proxy sends as X-Proxy-Secret in header mode. */
  private String proxySecret = "";

  @NotNull private Duration sessionIdleTimeout = Duration.hours(12);
  @NotNull private Duration sessionMaxAge = Duration.days(30);

  /** Where coaches reach the web app, for links printed or mailed (the set-password link). */
  @NotNull private String publicUrl = "http://localhost:8080";

  @Valid @NotNull private OidcSettings oidc = new OidcSettings();

  @JsonProperty
  public String getMode() {
    return mode;
  }

  @JsonProperty
  public void setMode(String mode) {
    this.mode = mode;
  }

  @JsonProperty
  public String getSignup() {
    return signup;
  }

  @JsonProperty
  public void setSignup(String signup) {
    this.signup = signup;
  }

  public boolean signupOpen() {
    return "open".equals(signup);
  }

  @JsonProperty
  public String getOperatorEmails() {
    return operatorEmails;
  }

  @JsonProperty
  public void setOperatorEmails(String operatorEmails) {
    this.operatorEmails = operatorEmails == null ? "" : operatorEmails.strip();
  }

  public boolean isOperatorEmail(String email) {
    return email != null && split(operatorEmails).contains(email.toLowerCase(Locale.ROOT));
  }

  @JsonProperty
  public String getTrustedProxyCidrs() {
    return trustedProxyCidrs;
  }

  @JsonProperty
  public void setTrustedProxyCidrs(String trustedProxyCidrs) {
    this.trustedProxyCidrs = trustedProxyCidrs == null ? "" : trustedProxyCidrs.strip();
  }

  public List<String> trustedProxies() {
    return split(trustedProxyCidrs);
  }

  @JsonProperty
  public String getProxySecret() {
    return proxySecret;
  }

  @JsonProperty
  public void setProxySecret(String proxySecret) {
    this.proxySecret = proxySecret == null ? "" : proxySecret.strip();
  }

  @JsonProperty
  public Duration getSessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  @JsonProperty
  public void setSessionIdleTimeout(Duration sessionIdleTimeout) {
    this.sessionIdleTimeout = sessionIdleTimeout;
  }

  @JsonProperty
  public Duration getSessionMaxAge() {
    return sessionMaxAge;
  }

  @JsonProperty
  public void setSessionMaxAge(Duration sessionMaxAge) {
    this.sessionMaxAge = sessionMaxAge;
  }

  @JsonProperty
  public String getPublicUrl() {
    return publicUrl;
  }

  @JsonProperty
  public void setPublicUrl(String publicUrl) {
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  @JsonProperty
  public OidcSettings getOidc() {
    return oidc;
  }

  @JsonProperty
  public void setOidc(OidcSettings oidc) {
    this.oidc = oidc;
  }

  private static List<String> split(String values) {
    List<String> out = new ArrayList<>();
    for (String part : values == null ? new String[0] : values.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }
}
