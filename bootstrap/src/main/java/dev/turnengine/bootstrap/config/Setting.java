package dev.turnengine.bootstrap.config;

/** Every environment variable the server reads, with its default and meaning, for parsing and for --help. */
public enum Setting {
    HTTP_PORT("TURNS_HTTP_PORT", "8080", "listening port; 0 picks a free one (the URL is printed)"),
    HTTP_HOST("TURNS_HTTP_HOST", "0.0.0.0", "listening address"),
    DATABASE_URL("TURNS_DATABASE_URL", "", "PostgreSQL as postgresql://user:pass@host:port/db or jdbc:postgresql:...; "
            + "unset: in-memory"),
    BOOTSTRAP_TOKEN("TURNS_BOOTSTRAP_TOKEN", "", "an hq_pat_... token registered for tenant 'default' at start; "
            + "unset in memory mode: one is generated and printed"),
    AGENT("TURNS_AGENT", "echo", "echo, openai, anthropic or ollama"),
    ECHO_DELAY_MS("TURNS_ECHO_DELAY_MS", "0", "pause before each echo delta"),
    TURN_TIMEOUT_SECONDS("TURNS_TURN_TIMEOUT_SECONDS", "600", "a turn running longer fails with code timeout"),
    IDEMPOTENCY_TTL_SECONDS("TURNS_IDEMPOTENCY_TTL_SECONDS", "86400", "how long an idempotency key deduplicates"),
    HISTORY_TURNS("TURNS_HISTORY_TURNS", "20", "earlier completed turns sent to the agent as history"),
    LEASE_SECONDS("TURNS_LEASE_SECONDS", "15", "a running turn whose node stops renewing it for this long is "
            + "finished as abandoned"),
    NODE_ID("TURNS_NODE_ID", "", "this process's name among nodes on one database; unset: host:port "
            + "(random when the port is 0)"),
    MAX_TEXT_CHARS("TURNS_MAX_TEXT_CHARS", "100000", "longest message text"),
    MAX_ATTACHMENTS("TURNS_MAX_ATTACHMENTS", "16", "most attachments per message"),
    MAX_ATTACHMENT_BYTES("TURNS_MAX_ATTACHMENT_BYTES", "10485760", "largest decoded attachment"),
    MAX_BODY_BYTES("TURNS_MAX_BODY_BYTES", "33554432", "largest request body"),
    MAX_IDENTITY_BYTES("TURNS_MAX_IDENTITY_BYTES", "65536", "largest identity, as compact UTF-8 JSON"),
    MAX_CONNECTIONS("TURNS_MAX_CONNECTIONS", "10000", "open connections at most; beyond it new ones are closed at once"),
    MAX_PENDING_BODY_BYTES("TURNS_MAX_PENDING_BODY_BYTES", "134217728", "bytes of request bodies being received at "
            + "once; a body that does not fit is refused with 503 and Retry-After"),
    REQUEST_READ_TIMEOUT("TURNS_REQUEST_READ_TIMEOUT", "30s", "a request whose headers are unfinished this long after "
            + "their first byte, or whose body makes no progress this long, is cut (408)");

    private final String variable;
    private final String defaultValue;
    private final String meaning;

    Setting(String variable, String defaultValue, String meaning) {
        this.variable = variable;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String variable() {
        return variable;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }
}
