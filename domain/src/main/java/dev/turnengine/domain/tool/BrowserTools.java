package dev.turnengine.domain.tool;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code computer_*} tools a {@code browser_session} turn offers, run by the caller's own browser, and the
 * prompt that tells the model about them. Any other turn offers none of them, and the engine answers a call to one
 * there with {@code unknown_tool}. The engine never acts on the arguments itself: a {@code computer_navigate} URL
 * goes to the browser as given.
 */
public final class BrowserTools {

    /** Added to the system prompt of a {@code browser_session} turn, after the configured one. */
    public static final String PROMPT = """
            The user has connected their web browser to this conversation and is watching it while you work. \
            You can operate the page open in it with the computer_* tools: computer_read_page returns the page's \
            URL, title and visible text; computer_screenshot returns an image of what the user sees; \
            computer_click clicks at a point (x, y in CSS pixels from the top left of the visible page); \
            computer_type types text into the focused field; computer_key presses keys such as Enter, Tab or \
            Backspace; computer_scroll scrolls by dx, dy pixels; computer_navigate opens a URL. Read the page \
            before you act on it, act one step at a time and check the result. Ask the user and wait for their \
            answer before you submit a form, send a message, buy anything or otherwise spend money or change \
            something for them.""";

    private static final String POINT = """
            {"type":"object","properties":{\
            "x":{"type":"number","description":"pixels from the left edge of the visible page"},\
            "y":{"type":"number","description":"pixels from the top edge of the visible page"}},\
            "required":["x","y"],"additionalProperties":false}""";

    private static final List<ToolSpec> SPECS = List.of(
            browser("computer_screenshot", "Takes a screenshot of the page in the user's browser; returns an image.",
                    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"),
            browser("computer_read_page", "Reads the page in the user's browser: its URL, title and visible text.",
                    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"),
            browser("computer_navigate", "Opens a URL in the user's browser.", """
                    {"type":"object","properties":{"url":{"type":"string","description":"the address to open"}},\
                    "required":["url"],"additionalProperties":false}"""),
            browser("computer_click", "Clicks at a point of the visible page in the user's browser.", POINT),
            browser("computer_type", "Types text into the focused field of the page in the user's browser.", """
                    {"type":"object","properties":{"text":{"type":"string","description":"the text to type"}},\
                    "required":["text"],"additionalProperties":false}"""),
            browser("computer_key", "Presses keys in the user's browser, e.g. Enter, Tab, Escape or Backspace.", """
                    {"type":"object","properties":{"keys":{"type":"string",\
                    "description":"a key name, or several separated by spaces"}},\
                    "required":["keys"],"additionalProperties":false}"""),
            browser("computer_scroll", "Scrolls the page in the user's browser.", """
                    {"type":"object","properties":{\
                    "dx":{"type":"number","description":"pixels to the right (negative: left)"},\
                    "dy":{"type":"number","description":"pixels down (negative: up)"}},\
                    "required":["dx","dy"],"additionalProperties":false}"""));

    private static final Set<String> NAMES = SPECS.stream().map(ToolSpec::name).collect(Collectors.toUnmodifiableSet());

    private BrowserTools() {}

    /** All seven {@code computer_*} tools, executor {@link ToolExecutor#BROWSER}, none needing approval. */
    public static List<ToolSpec> specs() {
        return SPECS;
    }

    /** The browser tools a turn offers: all of them in a browser session, else none. */
    public static List<ToolSpec> offeredFor(boolean browserSession) {
        return browserSession ? SPECS : List.of();
    }

    /** The browser prompt for a turn: present only in a browser session. */
    public static Optional<String> promptFor(boolean browserSession) {
        return browserSession ? Optional.of(PROMPT) : Optional.empty();
    }

    /** Whether {@code name} is one of the {@code computer_*} tools. */
    public static boolean isBrowserTool(String name) {
        return NAMES.contains(name);
    }

    private static ToolSpec browser(String name, String description, String schema) {
        return new ToolSpec(name, description, schema, ToolExecutor.BROWSER, false);
    }
}
