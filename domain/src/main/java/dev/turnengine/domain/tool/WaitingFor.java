package dev.turnengine.domain.tool;

import java.util.Locale;

/** What outside answer a tool call waits for. */
public enum WaitingFor {
    /** A person's approve or deny. */
    APPROVAL,
    /** The result of the browser that runs the tool. */
    BROWSER;

    /** {@code approval} or {@code browser}, as written on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
