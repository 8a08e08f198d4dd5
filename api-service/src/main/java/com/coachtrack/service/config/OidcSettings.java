package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;

/** The coaching platform's OpenID Connect provider (AUTH_MODE=oidc). */
public class OidcSettings {
  /** The issuer URL; its discovery document names the JWKS and the endpoints. */
  @NotNull private String issuer = "";

  /** The audience access tokens must carry (the API's client id at the provider). */
  @NotNull private String audience = "";

  /** The claim that names the coach. */
  @NotNull private String coachClaim = "sub";

  /** A claim listing roles, and the role in it that makes an operator. */
  @NotNull private String rolesClaim = "roles";

  @NotNull private String operatorRole = "operator";

  /** The web app's client at the provider, for the authorization-code flow with PKCE. */
  @NotNull private String clientId = "";

  /** Empty for a public client (PKCE only). */
  @NotNull private String clientSecret = "";

  @JsonProperty
  public String getIssuer() {
    return issuer;
  }

  @JsonProperty
  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  @JsonProperty
  public String getAudience() {
    return audience;
  }

  @JsonProperty
  public void setAudience(String audience) {
    this.audience = audience;
  }

  @JsonProperty
  public String getCoachClaim() {
    return coachClaim;
  }

  @JsonProperty
  public void setCoachClaim(String coachClaim) {
    this.coachClaim = coachClaim;
  }

  @JsonProperty
  public String getRolesClaim() {
    return rolesClaim;
  }

  @JsonProperty
  public void setRolesClaim(String rolesClaim) {
    this.rolesClaim = rolesClaim;
  }

  @JsonProperty
  public String getOperatorRole() {
    return operatorRole;
  }

  @JsonProperty
  public void setOperatorRole(String operatorRole) {
    this.operatorRole = operatorRole;
  }

  @JsonProperty
  public String getClientId() {
    return clientId;
  }

  @JsonProperty
  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  @JsonProperty
  public String getClientSecret() {
    return clientSecret;
  }

  @JsonProperty
  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }
}
