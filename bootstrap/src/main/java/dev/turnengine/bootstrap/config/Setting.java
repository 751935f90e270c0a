package dev.turnengine.bootstrap.config;

import dev.turnengine.adapter.agent.langchain4j.ModelAgentConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Every environment variable the server reads, with its default and meaning: the one list that parsing,
 * {@code --help} and the warning about misspelled {@code TURNS_*} variables use.
 */
public enum Setting {
    HTTP_PORT("TURNS_HTTP_PORT", "8080", "listening port; 0 picks a free one (the URL is printed)"),
    HTTP_HOST("TURNS_HTTP_HOST", "0.0.0.0", "listening address"),
    DATABASE_URL("TURNS_DATABASE_URL", "", "PostgreSQL as postgresql://user:pass@host:port/db or jdbc:postgresql:...; "
            + "unset: in-memory"),
    DATABASE_POOL_SIZE("TURNS_DATABASE_POOL_SIZE", "20", "PostgreSQL connections this node opens at most (2-1000); "
            + "the nodes together must stay under the server's max_connections"),
    TOKEN_CACHE_SECONDS("TURNS_TOKEN_CACHE_SECONDS", "5", "PostgreSQL: how long a node trusts a token it looked up; "
            + "a token revoked on another node (or with 'turns tokens') still works on this one that long; 0: never"),
    BOOTSTRAP_TOKEN("TURNS_BOOTSTRAP_TOKEN", "", "an hq_pat_... token registered for tenant 'default' at start; "
            + "unset in memory mode: one is generated and printed"),
    AGENT("TURNS_AGENT", "echo", "echo, openai, anthropic or ollama"),
    ECHO_DELAY_MS("TURNS_ECHO_DELAY_MS", "0", "pause before each echo delta"),
    TURN_TIMEOUT_SECONDS("TURNS_TURN_TIMEOUT_SECONDS", "600", "a turn running longer fails with code timeout"),
    IDEMPOTENCY_TTL_SECONDS("TURNS_IDEMPOTENCY_TTL_SECONDS", "86400", "how long an idempotency key deduplicates"),
    HISTORY_TURNS("TURNS_HISTORY_TURNS", "20", "earlier completed turns sent to the agent as history"),
    LEASE_SECONDS("TURNS_LEASE_SECONDS", "15", "a running turn whose node stops renewing it for this long is "
            + "finished as abandoned"),
    BROWSER_PRESENCE_SECONDS("TURNS_BROWSER_PRESENCE_SECONDS", "30", "one browser heartbeat (PUT /v1/api/browser/"
            + "presence) keeps the browser connected this long; a browser call waiting when it lapses ends "
            + "browser_disconnected"),
    NODE_ID("TURNS_NODE_ID", "", "this process's name among nodes on one database; unset: host:port "
            + "(random when the port is 0)"),
    MAX_TEXT_CHARS("TURNS_MAX_TEXT_CHARS", "100000", "longest message text"),
    MAX_ATTACHMENTS("TURNS_MAX_ATTACHMENTS", "16", "most attachments per message"),
    MAX_ATTACHMENT_BYTES("TURNS_MAX_ATTACHMENT_BYTES", "10485760", "largest decoded attachment"),
    MAX_BODY_BYTES("TURNS_MAX_BODY_BYTES", "33554432", "largest request body"),
    MAX_IDENTITY_BYTES("TURNS_MAX_IDENTITY_BYTES", "65536", "largest identity, as compact UTF-8 JSON"),
    MAX_STORED_ATTACHMENT_BYTES("TURNS_MAX_STORED_ATTACHMENT_BYTES", "268435456", "in-memory storage only: attachment "
            + "bytes held for turns that have not ended; a message that would go past it is refused with 507"),
    MAX_CONNECTIONS("TURNS_MAX_CONNECTIONS", "10000", "open connections at most; beyond it new ones are closed at once"),
    MAX_PENDING_BODY_BYTES("TURNS_MAX_PENDING_BODY_BYTES", "134217728", "bytes of request bodies being received at "
            + "once; a body that does not fit is refused with 503 and Retry-After"),
    REQUEST_READ_TIMEOUT("TURNS_REQUEST_READ_TIMEOUT", "30s", "a request whose headers are unfinished this long after "
            + "their first byte, or whose body makes no progress this long, is cut (408)"),
    RETENTION("TURNS_RETENTION", "", "delete conversations idle longer than this (e.g. 30d), in the background; "
            + "unset: keep them"),
    WEBHOOK_ALLOW_PRIVATE("TURNS_WEBHOOK_ALLOW_PRIVATE", "false", "true allows webhook targets on loopback, private "
            + "and link-local addresses"),
    MCP_SERVERS("TURNS_MCP_SERVERS", "", "comma-separated streamable-HTTP URLs of MCP servers whose tools are offered; "
            + "each must be reachable at start"),
    TOOLS_REQUIRE_APPROVAL("TURNS_TOOLS_REQUIRE_APPROVAL", "", "comma-separated tool names (or *) whose calls wait "
            + "for a person's approval"),
    TOOL_TIMEOUT("TURNS_TOOL_TIMEOUT", "60s", "how long a server tool may run, or a browser may take to answer, "
            + "before the call gets a tool_timeout result"),
    APPROVAL_TIMEOUT("TURNS_APPROVAL_TIMEOUT", "10m", "how long a call waits for a person's approval before it is "
            + "denied"),
    MAX_TOOL_STEPS("TURNS_MAX_TOOL_STEPS", "25", "model calls per turn; a turn that wants more tool rounds fails "
            + "with too_many_tool_steps"),
    METRICS("TURNS_METRICS", "on", "off removes GET /metrics (Prometheus text) and keeps no meters"),
    LOG_FORMAT("TURNS_LOG_FORMAT", "text", "json for one JSON object per log line"),

    OPENAI_BASE_URL(true, "TURNS_OPENAI_BASE_URL", ModelAgentConfig.OPENAI_DEFAULT_BASE_URL,
            "an OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp, LM Studio, LiteLLM, OpenAI)"),
    OPENAI_API_KEY(true, "TURNS_OPENAI_API_KEY", "", "required for the public OpenAI endpoint"),
    OPENAI_MODEL(true, "TURNS_OPENAI_MODEL", "", "required with TURNS_AGENT=openai, e.g. gpt-4o-mini"),
    ANTHROPIC_BASE_URL(true, "TURNS_ANTHROPIC_BASE_URL", ModelAgentConfig.ANTHROPIC_DEFAULT_BASE_URL,
            "the Anthropic API"),
    ANTHROPIC_API_KEY(true, "TURNS_ANTHROPIC_API_KEY", "", "required with TURNS_AGENT=anthropic"),
    ANTHROPIC_MODEL(true, "TURNS_ANTHROPIC_MODEL", "", "required with TURNS_AGENT=anthropic, e.g. claude-sonnet-4-5"),
    OLLAMA_BASE_URL(true, "TURNS_OLLAMA_BASE_URL", ModelAgentConfig.OLLAMA_DEFAULT_BASE_URL, "the Ollama server"),
    OLLAMA_MODEL(true, "TURNS_OLLAMA_MODEL", "", "required with TURNS_AGENT=ollama, e.g. llama3.2"),
    SYSTEM_PROMPT(true, "TURNS_SYSTEM_PROMPT", "", "sent to the model first in every turn"),
    MAX_OUTPUT_TOKENS(true, "TURNS_MAX_OUTPUT_TOKENS", "", "per-turn output limit; unset: the provider's default "
            + "(Anthropic: 4096)"),
    MODEL_TIMEOUT_SECONDS(true, "TURNS_MODEL_TIMEOUT_SECONDS", Long.toString(ModelAgentConfig.DEFAULT_TIMEOUT.toSeconds()),
            "how long the model may stay silent (no connection, no byte) before the turn fails with model_timeout");

    /**
     * {@code TURNS_*} variables that the build's scripts and tests read, not the server; set in a developer's
     * shell, they are no misspelling.
     */
    public static final List<String> TOOLING_VARIABLES =
            List.of("TURNS_TEST_DATABASE_URL", "TURNS_BENCH_DATABASE_URL", "TURNS_BENCH_DATABASE_SKIPPED",
                    "TURNS_BENCH_SERVER_JVM_OPTIONS");

    private final boolean modelProvider;
    private final String variable;
    private final String defaultValue;
    private final String meaning;

    Setting(String variable, String defaultValue, String meaning) {
        this(false, variable, defaultValue, meaning);
    }

    Setting(boolean modelProvider, String variable, String defaultValue, String meaning) {
        this.modelProvider = modelProvider;
        this.variable = variable;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String variable() {
        return variable;
    }

    /** The value used when the variable is unset or blank; empty when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** Whether the model provider chosen by {@code TURNS_AGENT} reads it (the engine itself does not). */
    public boolean isModelProvider() {
        return modelProvider;
    }

    /** Every variable name, in the order {@code --help} lists them. */
    public static List<String> variables() {
        return Arrays.stream(values()).map(Setting::variable).toList();
    }
}
