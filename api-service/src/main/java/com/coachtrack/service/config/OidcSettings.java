package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The coaching platform's OpenID Connect provider (AUTH_MODE=oidc). */
public class OidcSettings {
  /** The issuer URL; its discovery document names the JWKS and the endpoints. */
  private String issuer = "";

  /** The audience access tokens must carry (the API's client id at the provider). */
  private String audience = "";

  /** The claim that names the coach. */
  private String coachClaim = "sub";

  /** A claim listing roles, and the role in it that makes an operator. */
  private String rolesClaim = "roles";

  private String operatorRole = "operator";

  /** The web app's client at the provider, for the authorization-code flow with PKCE. */
  private String clientId = "";

  /** Empty for a public client (PKCE only). */
  private String clientSecret = "";

  @JsonProperty
  public String getIssuer() {
    return issuer;
  }

  @JsonProperty
  public void setIssuer(String issuer) {
    this.issuer = issuer == null ? "" : issuer.strip();
  }

  @JsonProperty
  public String getAudience() {
    return audience;
  }

  @JsonProperty
  public void setAudience(String audience) {
    this.audience = audience == null ? "" : audience.strip();
  }

  @JsonProperty
  public String getCoachClaim() {
    return coachClaim;
  }

  @JsonProperty
  public void setCoachClaim(String coachClaim) {
    this.coachClaim = coachClaim == null ? "" : coachClaim.strip();
  }

  @JsonProperty
  public String getRolesClaim() {
    return rolesClaim;
  }

  @JsonProperty
  public void setRolesClaim(String rolesClaim) {
    this.rolesClaim = rolesClaim == null ? "" : rolesClaim.strip();
  }

  @JsonProperty
  public String getOperatorRole() {
    return operatorRole;
  }

  @JsonProperty
  public void setOperatorRole(String operatorRole) {
    this.operatorRole = operatorRole == null ? "" : operatorRole.strip();
  }

  @JsonProperty
  public String getClientId() {
    return clientId;
  }

  @JsonProperty
  public void setClientId(String clientId) {
    this.clientId = clientId == null ? "" : clientId.strip();
  }

  @JsonProperty
  public String getClientSecret() {
    return clientSecret;
  }

  @JsonProperty
  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret == null ? "" : clientSecret.strip();
  }
}
