package com.coachtrack.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.errors.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordsTest {
  private static final Passwords PASSWORDS = new Passwords();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "short",
        "123456789",
        "password",
        "password12345",
        "!!football2024!!",
        "qwertyuiop",
        "1234567890",
        "zzzzzzzzzzzz",
        "ababababababab",
        "abcdefghijkl",
        "superman1234"
      })
  void refusesShortCommonAndRepetitivePasswords(String password) {
    assertThatThrownBy(() -> PASSWORDS.requireStrong(password))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("weak_password");
            });
  }

  @Test
  void refusesTheCoachsOwnNameOrEmail() {
    assertThatThrownBy(() -> PASSWORDS.requireStrong("I am Anastasia 2026", "anastasia@x.org"))
        .hasMessageContaining("name or email");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"correct horse battery staple", "Tr0ub4dor&3xyz", "coaching-is-my-life-2026"})
  void acceptsLongUncommonPasswords(String password) {
    assertThatCode(() -> PASSWORDS.requireStrong(password, "ana@example.org", "Ana"))
        .doesNotThrowAnyException();
  }

  @Test
  void hashesAreArgon2idSaltedAndCheckOnlyTheRightPassword() {
    String hash = PASSWORDS.hash("correct horse battery staple");
    assertThat(hash).startsWith("$argon2id$").contains("m=19456", "t=2", "p=1");
    assertThat(PASSWORDS.hash("correct horse battery staple")).isNotEqualTo(hash);
    assertThat(PASSWORDS.matches("correct horse battery staple", hash)).isTrue();
    assertThat(PASSWORDS.matches("correct horse battery stapler", hash)).isFalse();
    assertThat(PASSWORDS.matches("anything", null)).as("no account, no match").isFalse();
    assertThat(PASSWORDS.matches(null, hash)).isFalse();
  }
}
