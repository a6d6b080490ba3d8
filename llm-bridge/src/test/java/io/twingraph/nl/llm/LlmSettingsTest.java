package io.twingraph.nl.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LlmSettingsTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static LlmSettings openAi(String url) {
        return new LlmSettings(LlmSettings.OPENAI, url, "", "gpt-test", T, 3);
    }

    @Test
    void validSettingsAreKept() {
        LlmSettings s = new LlmSettings(LlmSettings.OLLAMA, "http://127.0.0.1:11434", null, "qwen2.5:7b", T, 20);
        assertThat(s.provider()).isEqualTo("ollama");
        assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:11434");
        assertThat(s.apiKey()).isEmpty();
        assertThat(s.hasApiKey()).isFalse();
        assertThat(s.model()).isEqualTo("qwen2.5:7b");
        assertThat(s.timeout()).isEqualTo(T);
        assertThat(s.maxToolRounds()).isEqualTo(20);
        assertThatCode(() -> openAi("https://api.openai.com/v1")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "OpenAI", "", "open ai"})
    void unknownProviderIsNamed(String provider) {
        assertThatThrownBy(() -> new LlmSettings(provider, "http://h:1", "", "m", T, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider")
                .hasMessageContaining("'" + provider + "'")
                .hasMessageContaining("openai")
                .hasMessageContaining("ollama");
    }

    @Test
    void nullProviderIsRefused() {
        assertThatThrownBy(() -> new LlmSettings(null, "http://h:1", "", "m", T, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider");
        assertThatThrownBy(() -> LlmSettings.of(null, "http://h:1", "", "m", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingBaseUrlIsNamed(String url) {
        assertThatThrownBy(() -> openAi(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No base URL")
                .hasMessageContaining("openai");
        assertThatThrownBy(() -> LlmSettings.of("ollama", url, null, "m", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No base URL")
                .hasMessageContaining("ollama");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://exa mple.com/v1", "not a url", "localhost:11434", "ftp://example.com/v1",
            "http://", "http:///v1", "file:///etc/passwd", "//example.com/v1", "127.0.0.1:11434"})
    void malformedBaseUrlIsNamed(String url) {
        assertThatThrownBy(() -> openAi(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base URL")
                .hasMessageContaining("'" + url + "'");
    }

    @Test
    void baseUrlWithSpaceSaysItIsNoUrl() {
        assertThatThrownBy(() -> openAi("http://exa mple.com/v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> openAi("ftp://example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http:// or https://");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" \t"})
    void missingModelIsNamed(String model) {
        assertThatThrownBy(() -> new LlmSettings("openai", "http://h:1/v1", "", model, T, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No model name")
                .hasMessageContaining("http://h:1/v1");
        assertThatThrownBy(() -> LlmSettings.of("openai", "http://h:1/v1", "", model, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No model name");
    }

    @Test
    void badTimeoutIsNamed() {
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMillis(-5)}) {
            assertThatThrownBy(() -> new LlmSettings("openai", "http://h:1", "", "m", bad, 3))
                    .as("timeout %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout")
                    .hasMessageContaining(String.valueOf(bad));
        }
        assertThatThrownBy(() -> LlmSettings.of("openai", "http://h:1", "", "m", Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 21, 1000, Integer.MIN_VALUE})
    void toolRoundsOutOfRangeAreNamed(int rounds) {
        assertThatThrownBy(() -> new LlmSettings("openai", "http://h:1", "", "m", T, rounds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxToolRounds")
                .hasMessageContaining("between 1 and " + LlmSettings.MAX_TOOL_ROUNDS)
                .hasMessageContaining("got " + rounds);
        assertThatThrownBy(() -> LlmSettings.of("openai", "http://h:1", "", "m", null, rounds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxToolRounds");
    }

    @Test
    void toolRoundsAtTheEdgesAreAccepted() {
        assertThat(new LlmSettings("openai", "http://h:1", "", "m", T, 1).maxToolRounds()).isEqualTo(1);
        assertThat(new LlmSettings("openai", "http://h:1", "", "m", T, LlmSettings.MAX_TOOL_ROUNDS).maxToolRounds())
                .isEqualTo(LlmSettings.MAX_TOOL_ROUNDS);
    }

    @Test
    void ofCleansLooseInputAndFillsDefaults() {
        LlmSettings s = LlmSettings.of(" OpenAI ", " https://api.example.com/v1// ", "  sk-abc  ", " gpt-4o-mini ",
                null, null);
        assertThat(s.provider()).isEqualTo(LlmSettings.OPENAI);
        assertThat(s.baseUrl()).isEqualTo("https://api.example.com/v1");
        assertThat(s.apiKey()).isEqualTo("sk-abc");
        assertThat(s.model()).isEqualTo("gpt-4o-mini");
        assertThat(s.timeout()).isEqualTo(LlmSettings.DEFAULT_TIMEOUT);
        assertThat(s.maxToolRounds()).isEqualTo(LlmSettings.DEFAULT_MAX_TOOL_ROUNDS);

        LlmSettings o = LlmSettings.of("OLLAMA", "http://127.0.0.1:11434/", null, "qwen2.5:7b", Duration.ofSeconds(5), 2);
        assertThat(o.provider()).isEqualTo(LlmSettings.OLLAMA);
        assertThat(o.baseUrl()).isEqualTo("http://127.0.0.1:11434");
        assertThat(o.hasApiKey()).isFalse();
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.maxToolRounds()).isEqualTo(2);
    }

    @Test
    void toStringMasksTheKey() {
        LlmSettings s = new LlmSettings("openai", "https://api.example.com/v1", "sk-secret-123456", "gpt-test", T, 3);
        assertThat(s.hasApiKey()).isTrue();
        assertThat(s.toString())
                .doesNotContain("sk-secret-123456")
                .doesNotContain("secret")
                .contains("apiKey=***")
                .contains("provider=openai")
                .contains("baseUrl=https://api.example.com/v1")
                .contains("model=gpt-test")
                .contains("maxToolRounds=3");
        LlmSettings none = new LlmSettings("openai", "https://api.example.com/v1", "", "gpt-test", T, 3);
        assertThat(none.toString()).contains("apiKey=,").doesNotContain("***");
    }

    @Test
    void credentialsInTheBaseUrlAreRefusedWithoutPrintingThem() {
        // they would be printed by toString and in the agent's error messages, and the HTTP client never sends them
        assertThatThrownBy(() -> openAi("https://user:hunter2@llm.example.com/v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user name or password")
                .hasMessageContaining("https://***@llm.example.com/v1")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> LlmSettings.of("ollama", "http://admin@127.0.0.1:11434", null, "m", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user name or password")
                .hasMessageNotContaining("admin");
    }

    @Test
    void queryOrFragmentInTheBaseUrlIsRefusedWithoutPrintingIt() {
        assertThatThrownBy(() -> openAi("https://llm.example.com/v1?api-key=sk-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query")
                .hasMessageContaining("'https://llm.example.com/v1'")
                .hasMessageNotContaining("sk-secret");
        assertThatThrownBy(() -> openAi("http://127.0.0.1:8080/v1#chat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fragment")
                .hasMessageContaining("'http://127.0.0.1:8080/v1'");
    }
}
