package dev.turnengine.domain;

/** The size of text in UTF-8, counted without encoding a copy of it: what limits on stored and sent bytes read. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * How many bytes {@code text} takes in UTF-8. A surrogate without its pair counts 3 bytes, as the replacement
     * character would, so a limit checked with this is never undercounted.
     */
    public static long length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
