package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void givenLibpqUrl_whenParsed_thenJdbcUrlWithSeparateCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://turns:secret@db.example:6543/turns_test");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/turns_test");
        assertThat(url.user()).contains("turns");
        assertThat(url.password()).contains("secret");
        assertThat(url.schema()).isEqualTo("public");
    }

    @Test
    void givenLibpqUrlWithoutPort_whenParsed_thenDefaultPort() {
        assertThat(DatabaseUrl.parse("postgres://db.example/app").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.example:5432/app");
    }

    @Test
    void givenPercentEncodedCredentials_whenParsed_thenDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://us%40er:p%3Ass%2Fw+rd@127.0.0.1:5432/db");

        assertThat(url.user()).contains("us@er");
        assertThat(url.password()).contains("p:ss/w+rd");
    }

    @Test
    void givenQueryParameters_whenParsed_thenKeptExceptCredentials() {
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql://127.0.0.1/db?sslmode=require&user=app&password=pw&currentSchema=engine");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/db?sslmode=require&currentSchema=engine");
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("pw");
        assertThat(url.schema()).isEqualTo("engine");
    }

    @Test
    void givenIpv6Host_whenParsed_thenBracketed() {
        assertThat(DatabaseUrl.parse("postgresql://u:p@[::1]:5433/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5433/db");
    }

    @Test
    void givenJdbcUrl_whenParsed_thenCredentialsTakenOutOfItsQuery() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=app&password=pw&ssl=true");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?ssl=true");
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("pw");
    }

    @Test
    void givenJdbcUrlWithoutCredentials_whenParsed_thenUnchanged() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h/db");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEqualTo(Optional.empty());
    }

    @Test
    void givenUrl_whenSchemaReplaced_thenCurrentSchemaSetOnce() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h/db?currentSchema=a&ssl=true").withSchema("b");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?currentSchema=b&ssl=true");
        assertThat(url.schema()).isEqualTo("b");
    }

    @Test
    void givenUrl_whenPrinted_thenPasswordNotShown() {
        assertThat(DatabaseUrl.parse("postgresql://turns:secret@h/db").toString()).doesNotContain("secret");
    }

    @Test
    void givenOtherSchemes_whenParsed_thenRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:secret@h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///db")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenUnsafeSchemaName_whenUsed_thenRefused() {
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:postgresql://h/db?currentSchema=x;drop"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
