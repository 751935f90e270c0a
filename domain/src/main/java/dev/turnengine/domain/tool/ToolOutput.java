package dev.turnengine.domain.tool;

import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/** What a tool returned: text, or an image (a browser's screenshot, an MCP server's picture). */
public sealed interface ToolOutput {

    /** The output as text, for journals, history and models that take no images. */
    String asText();

    /** Text output. */
    record Text(String text) implements ToolOutput {

        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String asText() {
            return text;
        }
    }

    /**
     * An image.
     *
     * @param base64 the bytes in standard base64; validated
     * @param contentType an {@code image/…} media type, e.g. {@code image/png}
     */
    record Image(String base64, String contentType) implements ToolOutput {

        public Image {
            Objects.requireNonNull(base64, "base64");
            Objects.requireNonNull(contentType, "contentType");
            contentType = contentType.strip().toLowerCase(Locale.ROOT);
            if (!contentType.startsWith("image/") || contentType.length() > 100) {
                throw new IllegalArgumentException("an image's content type is image/…, not '" + contentType + "'");
            }
            try {
                Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the image is not valid base64", e);
            }
        }

        @Override
        public String asText() {
            return "[an image (" + contentType + ") was returned]";
        }
    }
}
