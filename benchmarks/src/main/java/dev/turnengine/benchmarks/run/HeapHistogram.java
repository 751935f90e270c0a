package dev.turnengine.benchmarks.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM by class ({@code jcmd <pid> GC.class_histogram}, which collects garbage first), and
 * what grew between two of them: how the heap one more open stream costs is made up.
 */
public record HeapHistogram(Map<String, long[]> classes) {

    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** One class's growth: instances and bytes per unit (per stream, say). */
    public record Growth(String className, double instancesPerUnit, double bytesPerUnit) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.2f × = %.0f B", className, instancesPerUnit, bytesPerUnit);
        }
    }

    /** Takes the histogram of the JVM {@code pid}, keeping its text in {@code saveAs}. */
    public static HeapHistogram of(long pid, Path saveAs) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd GC.class_histogram failed: " + text);
        }
        Files.writeString(saveAs, text);
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                classes.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return new HeapHistogram(Map.copyOf(classes));
    }

    /** The {@code top} classes that grew most in bytes from {@code before} to this, per one of {@code units}. */
    public List<Growth> growthSince(HeapHistogram before, int units, int top) {
        List<Growth> grown = new ArrayList<>();
        classes.forEach((name, now) -> {
            long[] then = before.classes().getOrDefault(name, new long[2]);
            long bytes = now[1] - then[1];
            if (bytes > 0) {
                grown.add(new Growth(name, (now[0] - then[0]) / (double) units, bytes / (double) units));
            }
        });
        grown.sort(Comparator.comparingDouble(Growth::bytesPerUnit).reversed());
        return grown.subList(0, Math.min(top, grown.size()));
    }
}
