package dev.turnengine.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void givenOneCharacterOfEachWidth_thenEachCountsItsBytes() {
        assertThat(Utf8.length("")).isZero();
        assertThat(Utf8.length("a")).isEqualTo(1);
        assertThat(Utf8.length("\u00e9")).isEqualTo(2);
        assertThat(Utf8.length("\u4e16")).isEqualTo(3);
        assertThat(Utf8.length("\ud83d\ude00")).isEqualTo(4);
    }

    @Test
    void givenRandomWellFormedText_thenTheCountIsTheEncodedLength() {
        Random random = new Random(7);
        for (int round = 0; round < 1_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                int codePoint;
                do {
                    codePoint = switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(0x80);
                        case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
                        case 2 -> 0x800 + random.nextInt(0x10000 - 0x800);
                        default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
                    };
                } while (Character.getType(codePoint) == Character.SURROGATE);
                text.appendCodePoint(codePoint);
            }
            assertThat(Utf8.length(text)).as(text.toString())
                    .isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void givenSurrogatesWithoutTheirPairs_thenEachCountsAsAReplacementCharacter() {
        assertThat(Utf8.length("\ud83d")).isEqualTo(3);
        assertThat(Utf8.length("\ude00a")).isEqualTo(4);
        assertThat(Utf8.length("\ud83d\ud83d\ude00")).isEqualTo(3 + 4);
    }
}
